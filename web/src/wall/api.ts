/** HTTP side of the wall: queries through the gateway, and discovery of the live fields by introspection. */

export interface ReadingData {
  cursor: string;
  indicatorCode: string;
  unitCode: string;
  period: string;
  value: number;
  status: 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK' | 'NO_TARGET';
  recordedAt: string;
}

export interface AlertData {
  cursor: string;
  indicatorCode: string;
  unitCode: string;
  period: string;
  value: number;
  target: number | null;
  previousStatus: ReadingData['status'];
  status: ReadingData['status'];
  raisedAt: string;
  indicator?: { name: string; unit: string } | null;
  unit?: { name: string } | null;
}

export interface IndicatorData {
  code: string;
  name: string;
  unit: string;
  direction: 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';
  frequency: 'YEARLY' | 'QUARTERLY' | 'MONTHLY' | 'DAILY' | 'LIVE';
  target: number | null;
  series: ReadingData[];
}

export const READING_FIELDS = 'cursor indicatorCode unitCode period value status recordedAt';

export class GraphQLRequestError extends Error {}

export async function gql<T>(url: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json().catch(() => null)) as { data?: T; errors?: { message: string }[] } | null;
  if (!body) throw new GraphQLRequestError(`HTTP ${res.status}`);
  if (body.errors?.length && !body.data) throw new GraphQLRequestError(body.errors.map((e) => e.message).join('; '));
  return body.data as T;
}

/** One pillar's live fields: `pReadings` (type implements Reading) and, if present, `pAlerts`. */
export interface LiveField {
  /** Field prefix, e.g. `governance`, `health`. */
  pillar: string;
  readingsField: string;
  alertsField?: string;
  /** Whether the pillar answers `pIndicators` (the contract), so tiles can be built for it. */
  hasIndicatorsQuery: boolean;
}

interface TypeRef {
  kind: string;
  name: string | null;
  ofType?: TypeRef | null;
}
const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';
const named = (t: TypeRef): string | null => (t.ofType ? named(t.ofType) : t.name);

/**
 * Every Subscription field whose type implements `Reading` is a pillar's readings feed (partners'
 * too); `<pillar>Alerts` beside it is that pillar's alert feed.
 */
export async function discoverLiveFields(url: string): Promise<LiveField[]> {
  const data = await gql<{
    __schema: { subscriptionType: { fields: { name: string; type: TypeRef }[] } | null; queryType: { fields: { name: string }[] } };
    reading: { possibleTypes: { name: string }[] | null } | null;
  }>(
    url,
    `{ __schema { subscriptionType { fields { name type { ${TYPE_REF} } } } queryType { fields { name } } }
       reading: __type(name: "Reading") { possibleTypes { name } } }`,
  );
  const readingTypes = new Set((data.reading?.possibleTypes ?? []).map((t) => t.name));
  const fields = data.__schema.subscriptionType?.fields ?? [];
  const queries = new Set(data.__schema.queryType.fields.map((f) => f.name));
  const names = new Set(fields.map((f) => f.name));
  return fields
    .filter((f) => readingTypes.has(named(f.type) ?? ''))
    .map((f) => {
      const pillar = f.name.replace(/Readings$/, '');
      const alertsField = `${pillar}Alerts`;
      return {
        pillar,
        readingsField: f.name,
        alertsField: names.has(alertsField) ? alertsField : undefined,
        hasIndicatorsQuery: queries.has(`${pillar}Indicators`),
      };
    });
}

export interface UnitData {
  code: string;
  name: string;
  level?: string;
  validTo?: string | null;
  children?: { code: string; name: string }[];
}

export async function loadUnits(url: string, code: string): Promise<{ unit: UnitData | null; provinces: UnitData[] }> {
  const data = await gql<{ unit: UnitData | null; provinces: UnitData[] }>(
    url,
    `query ($code: ID!) {
       unit(code: $code) { code name level validTo children { code name } }
       provinces: units(level: PROVINCE) { code name validTo }
     }`,
    { code },
  );
  return data;
}

/**
 * The indicators of one pillar for a unit: definition, series (oldest first) and the target for the
 * year of the latest reading (else `targetYear`). `codes` null: the indicators the unit has data for.
 */
export async function loadPillar(
  url: string,
  pillar: string,
  unitCode: string,
  codes: string[] | null,
  targetYear: number,
): Promise<IndicatorData[]> {
  const data = await gql<Record<string, (Omit<IndicatorData, 'target'> & { target: number | null })[]>>(
    url,
    `query ($codes: [ID!], $unit: ID!, $year: Int!) {
       list: ${pillar}Indicators(codes: $codes) {
         code name unit direction frequency
         target(year: $year, unitCode: $unit)
         series(unitCode: $unit) { ${READING_FIELDS} }
       }
     }`,
    { codes, unit: unitCode, year: targetYear },
  );
  const list = data.list ?? [];
  return codes ? list : list.filter((i) => i.series.length > 0);
}

/** Targets for (indicator, year) pairs of one pillar, in one request. */
export async function loadTargets(
  url: string,
  pillar: string,
  unitCode: string,
  wanted: { code: string; year: number }[],
): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  if (!wanted.length) return out;
  const parts = wanted.map(
    (w, i) => `t${i}: ${pillar}Indicator(code: ${JSON.stringify(w.code)}) { target(year: ${w.year}, unitCode: $unit) }`,
  );
  const data = await gql<Record<string, { target: number | null } | null>>(url, `query ($unit: ID!) { ${parts.join('\n')} }`, {
    unit: unitCode,
  });
  wanted.forEach((w, i) => out.set(`${w.code}@${w.year}`, data[`t${i}`]?.target ?? null));
  return out;
}
