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
  /** Responsible agency (the one expected to report), e.g. `TCT`. */
  agencyCode?: string | null;
  direction: 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';
  frequency: 'YEARLY' | 'QUARTERLY' | 'MONTHLY' | 'DAILY' | 'LIVE';
  target: number | null;
  series: ReadingData[];
}

export const READING_FIELDS = 'cursor indicatorCode unitCode period value status recordedAt';

export class GraphQLRequestError extends Error {}

interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
}

/** One operation: the data and any errors at paths (partial data), or a throw when nothing came back. */
export async function gqlPartial<T>(url: string, query: string, variables?: Record<string, unknown>): Promise<{ data: T; errors: GraphQLErrorBody[] }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json().catch(() => null)) as { data?: T | null; errors?: GraphQLErrorBody[] } | null;
  if (!body) throw new GraphQLRequestError(`HTTP ${res.status}`);
  if (!body.data) throw new GraphQLRequestError(body.errors?.map((e) => e.message).join('; ') || `HTTP ${res.status}`);
  return { data: body.data, errors: body.errors ?? [] };
}

/** One operation; throws when it brought no data at all. */
export async function gql<T>(url: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  return (await gqlPartial<T>(url, query, variables)).data;
}

/** One pillar's live fields: `pReadings` (type implements Reading) and, if present, `pAlerts`. */
export interface LiveField {
  /** Field prefix, e.g. `governance`, `health`. */
  pillar: string;
  readingsField: string;
  alertsField?: string;
  /** Whether the pillar answers `pIndicators` (the contract), so tiles can be built for it. */
  hasIndicatorsQuery: boolean;
  /** The pillar's name from its definition (`pPillar { name nameEn }`), when the graph has one. */
  name?: { vi: string; en: string | null };
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
 * too); `<pillar>Alerts` beside it is that pillar's alert feed. A pillar whose subgraph publishes
 * `<pillar>Pillar { name nameEn }` gets its own title; the query is read only where it exists.
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
  const live: LiveField[] = fields
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
  const named_ = live.filter((f) => queries.has(`${f.pillar}Pillar`));
  if (named_.length) {
    // A pillar that is down nulls only its own alias; the others keep their names.
    const got = await gqlPartial<Record<string, { name?: string | null; nameEn?: string | null } | null>>(
      url,
      `{ ${named_.map((f) => `${f.pillar}: ${f.pillar}Pillar { name nameEn }`).join(' ')} }`,
    ).catch(() => null);
    for (const f of named_) {
      const n = got?.data[f.pillar];
      if (n?.name) f.name = { vi: n.name, en: n.nameEn ?? null };
    }
  }
  return live;
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

/** What one pillar's load brought: its indicators and the errors at paths (partial data). */
export interface PillarLoad {
  list: IndicatorData[];
  /** Messages of errors the gateway reported with the data (a field of the pillar failed). */
  errors: string[];
}

/**
 * The indicators of one pillar for a unit: definition, series (oldest first) and the target for the
 * year of the latest reading (else `targetYear`). `codes` null: the indicators the unit has data for.
 * @throws GraphQLRequestError when the pillar answered nothing (its subgraph is down).
 */
export async function loadPillar(
  url: string,
  pillar: string,
  unitCode: string,
  codes: string[] | null,
  targetYear: number,
): Promise<PillarLoad> {
  const { data, errors } = await gqlPartial<Record<string, (IndicatorData | null)[] | null>>(
    url,
    `query ($codes: [ID!], $unit: ID!, $year: Int!) {
       list: ${pillar}Indicators(codes: $codes) {
         code name unit direction frequency agencyCode
         target(year: $year, unitCode: $unit)
         series(unitCode: $unit) { ${READING_FIELDS} }
       }
     }`,
    { codes, unit: unitCode, year: targetYear },
  );
  if (!data.list) throw new GraphQLRequestError(errors.map((e) => e.message).join('; ') || `${pillar}Indicators answered null`);
  const list = data.list.filter((i): i is IndicatorData => !!i).map((i) => ({ ...i, series: i.series ?? [] }));
  return { list: codes ? list : list.filter((i) => i.series.length > 0), errors: errors.map((e) => e.message) };
}

/** Agency names by code (governance's registry); empty when it cannot be read. */
export async function loadAgencies(url: string): Promise<Map<string, string>> {
  const data = await gql<{ agencies: { code: string; name: string }[] }>(url, '{ agencies { code name } }').catch(() => null);
  return new Map((data?.agencies ?? []).map((a) => [a.code, a.name]));
}

/** Reporting completeness of one agency for one period (DHIS2 style), from the pillar's subgraph. */
export interface CompletenessData {
  agencyCode: string;
  period: string;
  expected: number;
  received: number;
  completeness: number | null;
}

/** Completeness for (period, agency) pairs of one pillar, in one request; a pair that fails is left out. */
export async function loadCompleteness(
  url: string,
  pillar: string,
  wanted: { period: string; agencyCode: string }[],
): Promise<Map<string, CompletenessData>> {
  const out = new Map<string, CompletenessData>();
  if (!wanted.length) return out;
  const parts = wanted.map(
    (w, i) =>
      `c${i}: ${pillar}ReportingCompleteness(period: ${JSON.stringify(w.period)}, agencyCode: ${JSON.stringify(w.agencyCode)}) { agencyCode period expected received completeness }`,
  );
  const got = await gqlPartial<Record<string, CompletenessData[] | null>>(url, `{ ${parts.join('\n')} }`).catch(() => null);
  wanted.forEach((w, i) => {
    const row = got?.data[`c${i}`]?.find((c) => c.agencyCode === w.agencyCode);
    if (row) out.set(`${w.agencyCode}@${w.period}`, row);
  });
  return out;
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
