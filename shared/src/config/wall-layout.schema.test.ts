import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './env';
import { parseWallLayout } from './wall-layout.schema';

const page = (columns: unknown[]) => JSON.stringify({ pages: [{ id: 'p', title: 'P', columns }] });

describe('the wall layout schema', () => {
  it('should accept the shipped wall/layout.json', () => {
    const text = readFileSync(path.resolve(__dirname, '../../../wall/layout.json'), 'utf8');
    expect(parseWallLayout(text).pages.length).toBeGreaterThanOrEqual(4);
  });

  it('should name the key at fault, with its path', () => {
    expect(() => parseWallLayout(page([{ pillar: 'Economy!', title: 'E', tiles: [] }]))).toThrow(
      /wall\/layout\.json: pages\[0\]\.columns\[0\]\.pillar: must be a field prefix/,
    );
    expect(() => parseWallLayout(page([{ pillar: 'economy', title: 'E', tiles: [{ indicatr: 'X' }] }]))).toThrow(
      /pages\[0\]\.columns\[0\]\.tiles\[0\]/,
    );
    expect(() => parseWallLayout(JSON.stringify({ pages: [], rotateSeconds: 'fast' }))).toThrow(/rotateSeconds/);
    expect(() => parseWallLayout(JSON.stringify({ pages: [] }))).toThrow(/pages: must list at least one page/);
  });

  it('should refuse a misspelt top-level key rather than ignore it', () => {
    expect(() => parseWallLayout(JSON.stringify({ rotateSecs: 10, pages: [{ id: 'p', title: 'P', columns: [{ pillar: 'economy', title: 'E', tiles: [] }] }] }))).toThrow(
      /rotateSecs/,
    );
  });

  it('should say when the file is not JSON', () => {
    expect(() => parseWallLayout('{', 'x.json')).toThrow(ConfigError);
    expect(() => parseWallLayout('{', 'x.json')).toThrow(/x\.json is not valid JSON/);
  });
});
