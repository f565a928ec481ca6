import { readFileSync } from 'node:fs';
import path from 'node:path';
import { WALL_READING_FIELDS, wallOperations } from './wall-operations';

const web = (file: string) => readFileSync(path.resolve(__dirname, '../../../../web/src/wall', file), 'utf8');

describe('the wall safelist', () => {
  it("should read the fields the wall's own operations read", () => {
    const api = web('api.ts');
    expect(api).toContain(`READING_FIELDS = '${WALL_READING_FIELDS}'`);
    for (const fragment of ['code name unit direction frequency', 'target(year: $year, unitCode: $unit)', 'unit(code: $code) { code name level validTo children { code name } }']) {
      expect(api).toContain(fragment);
    }
    expect(web('live.ts')).toContain('(unitCodes: $unitCodes, indicatorCodes: $indicatorCodes, after: $after)');
  });

  it('should have the operations of every pillar', () => {
    expect(wallOperations(['governance', 'health']).map((o) => o.name)).toContain('wall: health live readings');
  });
});
