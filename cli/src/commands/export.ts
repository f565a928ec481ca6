import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { SingleBar } from 'cli-progress';
import { UsageError, parseCommandArgs } from '../args';
import { gatewayTarget, request } from '../gateway-client';
import { SDMX_COLUMNS, csvLine, dataflowOf } from '../sdmx-csv';

export const EXPORT_USAGE = `Usage: npm run ioc -- export --pillar <governance|economy|society|…> --out FILE|-
         [--indicators A,B] [--units 19,14] [--from 2020] [--to 2023] [--url URL]

Exports the current observations of a pillar as an SDMX-CSV-like file (one observation per row,
codes not labels), readable by "ioc import". --out - writes to standard output (the count goes to
standard error). Reading needs no token. URL: --url, else IOC_GATEWAY_URL, else
http://localhost:$GATEWAY_PORT/graphql (GATEWAY_PORT default 4000).
`;

const PAGE = 5000;

interface Obs { indicatorCode: string; unitCode: string; period: string; value: number; observationStatus: string; source: string | null }

/** `ioc export --pillar economy --out FILE` (or `--out -` for standard output). */
export async function exportCommand(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs(
    argv,
    {
      help: { type: 'boolean' },
      pillar: { type: 'string' },
      out: { type: 'string' },
      indicators: { type: 'string' },
      units: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
    },
    EXPORT_USAGE,
  );
  if (values.help) return void process.stdout.write(EXPORT_USAGE);
  const { pillar, out } = values;
  if (!pillar || !/^[a-z][a-zA-Z0-9]*$/.test(pillar) || !out) throw new UsageError(`export needs --pillar and --out\n\n${EXPORT_USAGE}`);
  const list = (v: string | undefined) => v?.split(',').map((s) => s.trim()).filter(Boolean) ?? null;
  const target = gatewayTarget(values);
  const vars = { indicatorCodes: list(values.indicators), unitCodes: list(values.units), from: values.from ?? null, to: values.to ?? null };
  const toStdout = out === '-';
  const sink: Writable = toStdout ? process.stdout : createWriteStream(out);
  // `ioc export --out - | head` closes the pipe early: that is the reader's choice, not a failure.
  if (toStdout) sink.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' ? process.exit(0) : undefined));
  const write = async (chunk: string) => {
    if (!sink.write(chunk)) await once(sink, 'drain');
  };
  // On a terminal the bar would mix with the rows written to stdout: no bar then.
  const bar = toStdout ? null : new SingleBar({ format: 'exporting {value} rows | {pillar}', stream: process.stderr, hideCursor: true });
  bar?.start(0, 0, { pillar });
  let count = 0;
  try {
    await write(csvLine([...SDMX_COLUMNS]));
    for (let offset = 0; ; offset += PAGE) {
      const data = await request<Record<string, Obs[]>>(
        target,
        `query ($indicatorCodes: [ID!], $unitCodes: [ID!], $from: String, $to: String, $limit: Int!, $offset: Int!) {
           page: ${pillar}Observations(indicatorCodes: $indicatorCodes, unitCodes: $unitCodes, from: $from, to: $to, limit: $limit, offset: $offset) {
             indicatorCode unitCode period value observationStatus source } }`,
        { ...vars, limit: PAGE, offset },
      );
      for (const o of data.page) {
        await write(csvLine([dataflowOf(pillar), o.indicatorCode, o.unitCode, o.period, o.value, o.observationStatus, o.source]));
      }
      count += data.page.length;
      bar?.setTotal(count);
      bar?.update(count);
      if (data.page.length < PAGE) break;
    }
  } finally {
    bar?.stop();
    if (!toStdout) {
      sink.end();
      await once(sink, 'close');
    }
  }
  (toStdout ? process.stderr : process.stdout).write(`${toStdout ? 'standard output' : out}: ${count} ${pillar} observations exported\n`);
}
