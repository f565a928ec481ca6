import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { SingleBar } from 'cli-progress';
import { UsageError, parseCommandArgs } from '../args';
import { type GatewayTarget, capitalise, gatewayTarget, request } from '../gateway-client';
import { type CsvObservation, type CsvProblem, isProblem, readObservations } from '../sdmx-csv';

export const IMPORT_USAGE = `Usage: npm run ioc -- import FILE [--token TOKEN] [--url URL] [--batch 1000]

Imports observations from an SDMX-CSV-like file (DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,
OBS_STATUS,SOURCE) through the gateway's report mutations, in batches, reading the file as a stream.
Every rejected row is listed with its line number and reason; good rows are stored. Exit code 1 when
any row was rejected. Token: --token or IOC_TOKEN (npm run -s token -- --role reporter --agency TCT).
URL: --url, else IOC_GATEWAY_URL, else http://localhost:$GATEWAY_PORT/graphql (GATEWAY_PORT default 4000).
`;

interface Totals { imported: number; updated: number; unchanged: number; rejected: number }

interface ReportRowResult { index: number; outcome: string; code: string | null; field: string | null; reason: string | null }

async function sendBatch(target: GatewayTarget, pillar: string, batch: CsvObservation[], problems: CsvProblem[], totals: Totals) {
  const field = `report${capitalise(pillar)}Observations`;
  const data = await request<Record<string, Totals & { rows: ReportRowResult[] }>>(
    target,
    `mutation ($input: [ObservationInput!]!) { ${field}(input: $input) { imported updated unchanged rejected rows { index outcome code field reason } } }`,
    { input: batch.map((b) => b.input) },
  );
  const s = data[field];
  totals.imported += s.imported;
  totals.updated += s.updated;
  totals.unchanged += s.unchanged;
  totals.rejected += s.rejected;
  for (const r of s.rows) {
    if (r.outcome !== 'REJECTED') continue;
    const line = batch[r.index].line;
    // The server names another row by its index in the batch; the file's reader knows it by its line.
    const reason = (r.reason ?? 'rejected').replace(/^duplicate of the row at index (\d+)/, (m, i: string) => (batch[Number(i)] ? `duplicate of line ${batch[Number(i)].line}` : m));
    // The row's machine-readable code (ReportRow.code, e.g. E_NOT_INTEGER) beside its reason.
    problems.push({ line, field: r.field ?? '', reason: `line ${line}: ${reason}${r.code ? ` [${r.code}]` : ''}` });
  }
}

/** `ioc import FILE`: prints a summary on stdout and the rejected rows on stderr. */
export async function importCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { help: { type: 'boolean' }, token: { type: 'string' }, url: { type: 'string' }, batch: { type: 'string' } },
    IMPORT_USAGE,
  );
  if (values.help) return void process.stdout.write(IMPORT_USAGE);
  if (positionals.length !== 1) throw new UsageError(`import needs one FILE\n\n${IMPORT_USAGE}`);
  const [file] = positionals;
  const batchSize = Number(values.batch ?? 1000);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new UsageError('--batch must be 1–10000');
  const target = gatewayTarget(values);
  const size = (await stat(file).catch((err: Error) => {
    throw new Error(`cannot read ${file}: ${err.message}`);
  })).size;

  const problems: CsvProblem[] = [];
  const totals: Totals = { imported: 0, updated: 0, unchanged: 0, rejected: 0 };
  // Rows wait per pillar until a batch is full: one mutation per batch, the file read once.
  const pending = new Map<string, CsvObservation[]>();
  let read = 0;
  const bar = new SingleBar({ format: 'importing [{bar}] {percentage}% | {rows} rows | {pillar}', stream: process.stderr, hideCursor: true, clearOnComplete: false });
  const input = createReadStream(file);
  bar.start(size, 0, { rows: 0, pillar: '' });
  const flush = async (pillar: string) => {
    const batch = pending.get(pillar) ?? [];
    pending.delete(pillar);
    if (batch.length) await sendBatch(target, pillar, batch, problems, totals);
    bar.update(input.bytesRead, { rows: read, pillar });
  };
  try {
    for await (const row of readObservations(input)) {
      read++;
      if (isProblem(row)) {
        problems.push(row);
        totals.rejected++;
        continue;
      }
      const list = pending.get(row.pillar) ?? [];
      list.push(row);
      pending.set(row.pillar, list);
      if (list.length >= batchSize) await flush(row.pillar);
    }
    for (const pillar of [...pending.keys()]) await flush(pillar);
    bar.update(size, { rows: read });
  } finally {
    bar.stop();
    input.destroy();
  }
  problems.sort((a, b) => a.line - b.line);
  for (const p of problems) process.stderr.write(`${p.reason}${p.field ? ` [${p.field}]` : ''}\n`);
  process.stdout.write(
    `${file}: ${read} rows read; ` +
      `imported ${totals.imported}, updated ${totals.updated}, unchanged ${totals.unchanged}, rejected ${totals.rejected}\n`,
  );
  if (totals.rejected) process.exitCode = 1;
}
