import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { SingleBar } from 'cli-progress';
import { UsageError, parseArgs, stringOption } from '../args';
import { gatewayTarget, request } from '../gateway-client';
import { SDMX_COLUMNS, csvLine, dataflowOf } from '../sdmx-csv';

export const EXPORT_USAGE = `Usage: npm run ioc -- export --pillar <governance|economy|society|…> --out FILE
         [--indicators A,B] [--units 19,14] [--from 2020] [--to 2023] [--url URL]

Exports the current observations of a pillar as an SDMX-CSV-like file (one observation per row,
codes not labels), readable by "ioc import". Reading needs no token.
`;

const PAGE = 5000;

interface Obs { indicatorCode: string; unitCode: string; period: string; value: number; observationStatus: string; source: string | null }

/** `ioc export --pillar economy --out FILE`. */
export async function exportCommand(argv: string[]): Promise<void> {
  const { options } = parseArgs(argv);
  if (options.help) return void process.stdout.write(EXPORT_USAGE);
  const pillar = stringOption(options, 'pillar');
  const out = stringOption(options, 'out');
  if (!pillar || !/^[a-z][a-zA-Z0-9]*$/.test(pillar) || !out) throw new UsageError(`export needs --pillar and --out\n\n${EXPORT_USAGE}`);
  const list = (name: string) => stringOption(options, name)?.split(',').map((s) => s.trim()).filter(Boolean) ?? null;
  const target = gatewayTarget(options);
  const vars = { indicatorCodes: list('indicators'), unitCodes: list('units'), from: stringOption(options, 'from') ?? null, to: stringOption(options, 'to') ?? null };
  const file = createWriteStream(out);
  const write = async (chunk: string) => {
    if (!file.write(chunk)) await once(file, 'drain');
  };
  const bar = new SingleBar({ format: 'exporting {value} rows | {pillar}', stream: process.stderr, hideCursor: true });
  bar.start(0, 0, { pillar });
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
      bar.setTotal(count);
      bar.update(count);
      if (data.page.length < PAGE) break;
    }
  } finally {
    bar.stop();
    file.end();
    await once(file, 'close');
  }
  process.stdout.write(`${out}: ${count} ${pillar} observations exported\n`);
}
