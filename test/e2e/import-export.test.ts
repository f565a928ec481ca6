import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type TestSystem, gql, startTestSystem } from '../support/system';
import { TEST_JWT_SECRET, token } from '../support/tokens';

const CLI = path.resolve(__dirname, '../../cli/dist/main.js');

function ioc(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, IOC_TOKEN: '' } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

describe('importing and exporting SDMX-CSV files', () => {
  let system: TestSystem;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ioc-csv-'));

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
  });
  afterAll(async () => {
    await system?.dispose();
  });

  it('should import the good rows and list each bad one with its line number, field and reason', async () => {
    const file = path.join(dir, 'tax.csv');
    writeFileSync(file, [
      'DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS,SOURCE',
      'IOC:ECONOMY(1.0),ECO_EINVOICE_RATE,14,2023,91.5,A,Cục Thuế tỉnh Sơn La',
      'IOC:ECONOMY(1.0),ECO_ETAX_ENTERPRISES,14,2023,NaN,A,',
      'IOC:ECONOMY(1.0),ECO_NOPE,14,2023,1,,',
      'IOC:ECONOMY(1.0),ECO_EINVOICE_RATE,52,2023,101,,',
      'IOC:ECONOMY(1.0),ECO_ETAX_ENTERPRISES,14,2023,4200,P,',
      'IOC:ECONOMY(1.0),ECO_EINVOICE_RATE,14,2023,92,,',
      '',
    ].join('\n'));
    const run = await ioc(['import', file, '--url', system.url, '--token', token('reporter', 'TCT')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('6 rows read; imported 2, updated 0, unchanged 0, rejected 4');
    expect(run.stderr).toContain('line 3: OBS_VALUE "NaN" is not a number [E_VALUE_FORMAT] [OBS_VALUE]');
    expect(run.stderr).toContain('line 4: unknown indicator "ECO_NOPE" [indicatorCode]');
    expect(run.stderr).toMatch(/line 5: .*101 is outside 0–100 \[value\]/);
    expect(run.stderr).toContain('line 7: duplicate of row 1');
    const again = await ioc(['import', file, '--url', system.url, '--token', token('reporter', 'TCT')]);
    expect(again.stdout).toContain('imported 0, updated 0, unchanged 2, rejected 4');
  });

  it('should refuse an import without a token, naming how to get one', async () => {
    const file = path.join(dir, 'one.csv');
    writeFileSync(file, 'DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE\nIOC:ECONOMY(1.0),ECO_EINVOICE_RATE,52,2022,50\n');
    const run = await ioc(['import', file, '--url', system.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/needs a token.*npm run token/);
  });

  it('should export a pillar as one observation per row, codes not labels, that imports back unchanged', async () => {
    const out = path.join(dir, 'economy.csv');
    const run = await ioc(['export', '--pillar', 'economy', '--out', out, '--url', system.url]);
    expect(run.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS,SOURCE');
    expect(lines).toContain('IOC:ECONOMY(1.0),ECO_EINVOICE_RATE,19,2022,98.9,A,002_db113c3cec7f010c');
    const count = await gql<{ economyObservations: unknown[] }>(system.url, `{ economyObservations(limit: 10000) { period } }`);
    expect(lines).toHaveLength(count.data!.economyObservations.length + 1);
    expect(run.stdout).toContain(`${lines.length - 1} economy observations exported`);
    const back = await ioc(['import', out, '--url', system.url, '--token', token('admin')]);
    expect(back.stdout).toContain(`imported 0, updated 0, unchanged ${lines.length - 1}, rejected 0`);
  });
});
