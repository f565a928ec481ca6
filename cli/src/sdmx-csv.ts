import { RowCode, parseValueText } from '@ioc-graph/kit';
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
import { Readable, Transform } from 'node:stream';
import { parse } from 'csv-parse';

export const SDMX_COLUMNS = ['DATAFLOW', 'INDICATOR', 'REF_AREA', 'TIME_PERIOD', 'OBS_VALUE', 'OBS_STATUS', 'SOURCE'] as const;
const REQUIRED = ['DATAFLOW', 'INDICATOR', 'REF_AREA', 'TIME_PERIOD', 'OBS_VALUE'] as const;

export const dataflowOf = (pillar: string) => `IOC:${pillar.toUpperCase()}(1.0)`;

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

/** Options shared by the streaming reader (files) and its tests: RFC 4180, BOM, blank lines skipped. */
const CSV_OPTIONS = { bom: true, skip_empty_lines: true, relax_column_count: true, info: true, raw: true } as const;

/** The line a record starts on: csv-parse reports the line it ends on, so count the newlines it spans. */
function startLine(info: { lines: number }, raw: string): number {
  const spanned = (raw.replace(/^\n+/, '').replace(/\n$/, '').match(/\n/g) ?? []).length;
  return info.lines - spanned;
}

/**
 * CRLF and lone CR to LF before parsing: csv-parse counts a CRLF inside a quoted field as two lines,
 * which would shift every later line number.
 */
function lineFeeds(): Transform {
  let pendingCr = false;
  return new Transform({
    decodeStrings: true,
    transform(chunk: Buffer, _enc, done) {
      let text = chunk.toString('latin1'); // CR and LF are single bytes in UTF-8: safe on any split
      if (pendingCr) text = '\r' + text;
      pendingCr = text.endsWith('\r');
      if (pendingCr) text = text.slice(0, -1);
      done(null, Buffer.from(text.replace(/\r\n?/g, '\n'), 'latin1'));
    },
    flush(done) {
      done(null, pendingCr ? Buffer.from('\n') : null);
    },
  });
}

/** The values of OBS_STATUS: the names of the graph's `ObservationStatus` enum. */
const OBS_STATUSES = new Set(['A', 'P', 'E']);

/** One data record of a file, checked for what GraphQL cannot carry (non-finite numbers) and missing columns. */
export function toObservation(names: string[], line: number, fields: string[]): CsvObservation | CsvProblem {
  const col = (c: string) => (names.includes(c) ? (fields[names.indexOf(c)] ?? '').trim() : '');
  const fail = (field: string, reason: string): CsvProblem => ({ line, field, reason: `line ${line}: ${reason}` });
  const flow = /^IOC:([A-Z][A-Z0-9_]*)\(1\.0\)$/i.exec(col('DATAFLOW'));
  if (!flow) return fail('DATAFLOW', `DATAFLOW must be IOC:<PILLAR>(1.0), e.g. IOC:ECONOMY(1.0), got "${col('DATAFLOW')}"`);
  const empty = (['INDICATOR', 'REF_AREA', 'TIME_PERIOD', 'OBS_VALUE'] as const).find((c) => !col(c));
  if (empty) return fail(empty, `${empty} is empty`);
  const raw = col('OBS_VALUE');
  // The kit's one rule for text that becomes a value: `6,7` and `6.700` are refused as ambiguous.
  const parsed = parseValueText(raw);
  if (!parsed.ok) return fail('OBS_VALUE', `OBS_VALUE ${parsed.reason} [${parsed.code}]`);
  const { value } = parsed;
  const status = col('OBS_STATUS');
  // Checked here, not left to the server: a status outside ObservationStatus fails GraphQL's
  // coercion of the whole batch (HTTP 400), which would cost the row's good neighbours with it.
  if (status && !OBS_STATUSES.has(status)) return fail('OBS_STATUS', `OBS_STATUS must be A, P or E, got "${status.slice(0, 20)}" [${RowCode.E_STATUS}]`);
  const source = col('SOURCE');
  return {
    line,
    pillar: flow[1].toLowerCase(),
    input: {
      indicatorCode: col('INDICATOR'), unitCode: col('REF_AREA'), period: col('TIME_PERIOD'), value,
      ...(status ? { status } : {}), ...(source ? { source } : {}),
    },
  };
}

export const isProblem = (r: CsvObservation | CsvProblem): r is CsvProblem => 'reason' in r;

/**
 * Streams the observations of an SDMX-CSV file (parsed by csv-parse, one record in memory at a
 * time), each row or its problem with the line it starts on (1 = the header).
 * @throws Error naming line 1 when the file is empty or its header lacks a required column;
 *   Error with the line for malformed CSV (an unclosed quote).
 */
export async function* readObservations(input: Readable | string): AsyncGenerator<CsvObservation | CsvProblem> {
  const source = typeof input === 'string' ? Readable.from([input]) : input;
  const parser = source.pipe(lineFeeds()).pipe(parse(CSV_OPTIONS));
  source.on('error', (err) => parser.destroy(err));
  let names: string[] | null = null;
  try {
    for await (const { record, info, raw } of parser as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
      if (!names) {
        names = record.map((h) => h.trim().toUpperCase());
        const missing = REQUIRED.filter((c) => !names!.includes(c));
        if (missing.length) throw new Error(`line 1: the header lacks ${missing.join(', ')} (expected ${SDMX_COLUMNS.join(',')})`);
        continue;
      }
      yield toObservation(names, startLine(info, raw), record);
    }
  } catch (err) {
    const e = err as Error & { code?: string; lines?: number };
    if (e.code?.startsWith('CSV_')) throw new Error(`line ${e.lines ?? '?'}: not valid CSV (${e.message})`);
    throw err;
  }
  if (!names) throw new Error('the file is empty: expected a header line ' + SDMX_COLUMNS.join(','));
}

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function csvLine(values: (string | number | null | undefined)[]): string {
  return values.map((v) => quote(v === null || v === undefined ? '' : String(v))).join(',') + '\n';
}
