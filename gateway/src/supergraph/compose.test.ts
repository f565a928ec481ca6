import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompositionError, composeSupergraph } from './compose';

const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';

function files(sdls: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'compose-'));
  for (const [name, sdl] of Object.entries(sdls)) writeFileSync(path.join(dir, `${name}.graphql`), sdl);
  return dir;
}

const entry = (name: string) => ({ name, routingUrl: `http://${name}.local/graphql`, schema: { file: `${name}.graphql` } });

describe('composeSupergraph', () => {
  it('should compose subgraphs that agree', async () => {
    const dir = files({
      a: `${link} type Query { unit(code: ID!): Unit } type Unit @key(fields: "code") { code: ID! name: String! }`,
      b: `${link} type Unit @key(fields: "code") { code: ID! readings: [Int!]! } type Query { b: Int }`,
    });
    const { supergraphSdl } = await composeSupergraph([entry('a'), entry('b')], dir);
    expect(supergraphSdl).toContain('join__Graph');
  });

  it('should refuse a broken graph and name the subgraph at fault', async () => {
    const dir = files({
      a: `${link} type Query { a: Int } type Summary { total: Int! }`,
      partner: `${link} type Query { p: Int } type Summary { total: String! }`,
    });
    const err = await composeSupergraph([entry('a'), entry('partner')], dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CompositionError);
    expect((err as Error).message).toMatch(/partner/);
    expect((err as Error).message).toMatch(/Summary\.total/);
  });
});
