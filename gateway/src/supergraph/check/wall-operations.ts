/**
 * The wall's operations, per pillar prefix: the safelist of `subgraph check` (a change that breaks
 * one of these breaks the screens). Mirrors web/src/wall/api.ts and live.ts; the unit test keeps the
 * two in step.
 */
export const WALL_READING_FIELDS = 'cursor indicatorCode unitCode period value status recordedAt';

export interface SafelistedOperation {
  name: string;
  query: string;
}

/** The wall's operations for a graph with these pillar prefixes (`governance`, `health`…). */
export function wallOperations(pillars: readonly string[]): SafelistedOperation[] {
  const ops: SafelistedOperation[] = [
    {
      name: 'wall: units',
      query: `query ($code: ID!) { unit(code: $code) { code name level validTo children { code name } } provinces: units(level: PROVINCE) { code name validTo } }`,
    },
  ];
  for (const p of pillars) {
    ops.push(
      {
        name: `wall: ${p} indicators`,
        query: `query ($codes: [ID!], $unit: ID!, $year: Int!) { list: ${p}Indicators(codes: $codes) { code name unit direction frequency target(year: $year, unitCode: $unit) series(unitCode: $unit) { ${WALL_READING_FIELDS} } } }`,
      },
      { name: `wall: ${p} targets`, query: `query ($unit: ID!) { t0: ${p}Indicator(code: "X") { target(year: 2025, unitCode: $unit) } }` },
      {
        name: `wall: ${p} live readings`,
        query: `subscription ($unitCodes: [ID!], $indicatorCodes: [ID!], $after: ID) { event: ${p}Readings(unitCodes: $unitCodes, indicatorCodes: $indicatorCodes, after: $after) { ${WALL_READING_FIELDS} } }`,
      },
    );
  }
  return ops;
}
