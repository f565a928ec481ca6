import { parseValueText } from '@ioc-graph/kit';
/**
 * SDMX-CSV-like observation files: one observation per row, codes not labels.
 *
 *   DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS,SOURCE
 *   IOC:ECONOMY(1.0),ECO_EINVOICE_RATE,19,2022,98.9,A,002_db113c3cec7f010c
 *
 * DATAFLOW names the pillar (`IOC:<PILLAR>(1.0)`), which picks the report mutation
 * (`report<Pillar>Observations`); INDICATOR, REF_AREA (unit code), TIME_PERIOD (ISO period) and
 * OBS_VALUE are required; OBS_STATUS (A, P, E) defaults to A; SOURCE is optional.
 */
export const SDMX_COLUMNS = ['DATAFLOW', 'INDICATOR', 'REF_AREA', 'TIME_PERIOD', 'OBS_VALUE', 'OBS_STATUS', 'SOURCE'] as const;
const REQUIRED = ['DATAFLOW', 'INDICATOR', 'REF_AREA', 'TIME_PERIOD', 'OBS_VALUE'] as const;

export const dataflowOf = (pillar: string) => `IOC:${pillar.toUpperCase()}(1.0)`;

/** A CSV record with the line it starts on (1 = the header). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let any = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else { if (ch === '\n') line++; field += ch; }
      continue;
    }
    if (ch === '"') { quoted = true; any = true; }
    else if (ch === ',') { fields.push(field); field = ''; any = true; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      if (any || field) { fields.push(field); records.push({ line: start, fields }); }
      fields = []; field = ''; any = false;
      line++; start = line;
    } else { field += ch; any = true; }
  }
  if (any || field) { fields.push(field); records.push({ line: start, fields }); }
  return records;
}

export interface CsvObservation {
  line: number;
  pillar: string;
  input: { indicatorCode: string; unitCode: string; period: string; value: number; status?: string; source?: string };
}

export interface CsvProblem {
  line: number;
  field: string;
  reason: string;
}

/** Rows of a file, checked for what GraphQL cannot carry (non-finite numbers) and missing columns. */
export function readObservations(text: string): { rows: CsvObservation[]; problems: CsvProblem[] } {
  const [header, ...records] = parseCsv(text);
  if (!header) throw new Error('the file is empty: expected a header line ' + SDMX_COLUMNS.join(','));
  const names = header.fields.map((h) => h.trim().toUpperCase());
  const missing = REQUIRED.filter((c) => !names.includes(c));
  if (missing.length) throw new Error(`line 1: the header lacks ${missing.join(', ')} (expected ${SDMX_COLUMNS.join(',')})`);
  const col = (r: string[], c: string) => (names.includes(c) ? (r[names.indexOf(c)] ?? '').trim() : '');
  const rows: CsvObservation[] = [];
  const problems: CsvProblem[] = [];
  for (const { line, fields } of records) {
    const fail = (field: string, reason: string) => problems.push({ line, field, reason: `line ${line}: ${reason}` });
    const flow = /^IOC:([A-Z][A-Z0-9_]*)\(1\.0\)$/i.exec(col(fields, 'DATAFLOW'));
    if (!flow) { fail('DATAFLOW', `DATAFLOW must be IOC:<PILLAR>(1.0), e.g. IOC:ECONOMY(1.0), got "${col(fields, 'DATAFLOW')}"`); continue; }
    const empty = (['INDICATOR', 'REF_AREA', 'TIME_PERIOD', 'OBS_VALUE'] as const).find((c) => !col(fields, c));
    if (empty) { fail(empty, `${empty} is empty`); continue; }
    const raw = col(fields, 'OBS_VALUE');
    // The kit's one rule for text that becomes a value: `6,7` and `6.700` are refused as ambiguous.
    const parsed = parseValueText(raw);
    if (!parsed.ok) { fail('OBS_VALUE', `OBS_VALUE ${parsed.reason} [${parsed.code}]`); continue; }
    const { value } = parsed;
    const status = col(fields, 'OBS_STATUS');
    const source = col(fields, 'SOURCE');
    rows.push({
      line,
      pillar: flow[1].toLowerCase(),
      input: {
        indicatorCode: col(fields, 'INDICATOR'), unitCode: col(fields, 'REF_AREA'), period: col(fields, 'TIME_PERIOD'), value,
        ...(status ? { status } : {}), ...(source ? { source } : {}),
      },
    });
  }
  return { rows, problems };
}

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function csvLine(values: (string | number | null | undefined)[]): string {
  return values.map((v) => quote(v === null || v === undefined ? '' : String(v))).join(',') + '\n';
}
