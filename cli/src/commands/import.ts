import { readFile } from 'node:fs/promises';
import { SingleBar } from 'cli-progress';
import { UsageError, parseArgs, stringOption } from '../args';
import { type GatewayTarget, capitalise, gatewayTarget, request } from '../gateway-client';
import { type CsvObservation, type CsvProblem, readObservations } from '../sdmx-csv';

export const IMPORT_USAGE = `Usage: npm run ioc -- import FILE [--token TOKEN] [--url URL] [--batch 1000]

Imports observations from an SDMX-CSV-like file (DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,
OBS_STATUS,SOURCE) through the gateway's report mutations, in batches. Every rejected row is listed
with its line number and reason; good rows are stored. Exit code 1 when any row was rejected.
Token: --token or IOC_TOKEN (npm run token -- --role reporter --agency TCT). URL: --url or
IOC_GATEWAY_URL (default http://localhost:4000/graphql).
`;

interface Totals { imported: number; updated: number; unchanged: number; rejected: number }

interface ReportRowResult { index: number; outcome: string; field: string | null; reason: string | null }

async function sendBatch(target: GatewayTarget, pillar: string, batch: CsvObservation[], problems: CsvProblem[], totals: Totals) {
  const field = `report${capitalise(pillar)}Observations`;
  const data = await request<Record<string, Totals & { rows: ReportRowResult[] }>>(
    target,
    `mutation ($input: [ObservationInput!]!) { ${field}(input: $input) { imported updated unchanged rejected rows { index outcome field reason } } }`,
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
    problems.push({ line, field: r.field ?? '', reason: `line ${line}: ${(r.reason ?? 'rejected').replace(/^row \d+: /, '')}` });
  }
}

/** `ioc import FILE`: prints a summary on stdout and the rejected rows on stderr. */
export async function importCommand(argv: string[]): Promise<void> {
  const { options, positional } = parseArgs(argv);
  if (options.help || positional.length !== 1) {
    if (options.help) return void process.stdout.write(IMPORT_USAGE);
    throw new UsageError(`import needs one FILE\n\n${IMPORT_USAGE}`);
  }
  const batchSize = Number(stringOption(options, 'batch') ?? 1000);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new UsageError('--batch must be 1–10000');
  const target = gatewayTarget(options);
  const { rows, problems } = readObservations(await readFile(positional[0], 'utf8'));
  const read = rows.length + problems.length;
  const totals: Totals = { imported: 0, updated: 0, unchanged: 0, rejected: problems.length };
  const byPillar = new Map<string, CsvObservation[]>();
  for (const r of rows) byPillar.set(r.pillar, [...(byPillar.get(r.pillar) ?? []), r]);

  const bar = new SingleBar({ format: 'importing [{bar}] {value}/{total} rows | {pillar}', stream: process.stderr, hideCursor: true, clearOnComplete: false });
  bar.start(rows.length + problems.length, problems.length, { pillar: '' });
  try {
    for (const [pillar, list] of byPillar) {
      for (let i = 0; i < list.length; i += batchSize) {
        const batch = list.slice(i, i + batchSize);
        await sendBatch(target, pillar, batch, problems, totals);
        bar.increment(batch.length, { pillar });
      }
    }
  } finally {
    bar.stop();
  }
  problems.sort((a, b) => a.line - b.line);
  for (const p of problems) process.stderr.write(`${p.reason}${p.field ? ` [${p.field}]` : ''}\n`);
  process.stdout.write(
    `${positional[0]}: ${read} rows read; ` +
      `imported ${totals.imported}, updated ${totals.updated}, unchanged ${totals.unchanged}, rejected ${totals.rejected}\n`,
  );
  if (totals.rejected) process.exitCode = 1;
}
