import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type TestSystem, gql, startTestSystem } from '../support/system';
import { TEST_JWT_SECRET, token } from '../support/tokens';
import { findFreePort } from '@ioc-graph/kit/internal';

const CLI = path.resolve(__dirname, '../../cli/dist/main.js');

function ioc(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const base = { ...process.env, IOC_TOKEN: '', IOC_GATEWAY_URL: '', GATEWAY_PORT: '' };
    execFile(process.execPath, [CLI, ...args], { env: { ...base, ...env }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
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
    // Each rejected row with its machine-readable code (ReportRow.code) and field.
    expect(run.stderr).toContain('line 4: unknown indicator "ECO_NOPE" [E_UNKNOWN_INDICATOR] [indicatorCode]');
    expect(run.stderr).toMatch(/line 5: .*101 is outside 0–100 \[E_OUT_OF_RANGE\] \[value\]/);
    expect(run.stderr).toContain('line 7: duplicate of line 2 (same indicator, unit and period) [E_DUPLICATE] [period]');
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

  it('should find the gateway on GATEWAY_PORT when no --url is given', async () => {
    const port = String(system.gateway.port);
    const file = path.join(dir, 'port.csv');
    writeFileSync(file, 'DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE\nIOC:ECONOMY(1.0),ECO_EINVOICE_RATE,60,2023,77.5\n');
    const imported = await ioc(['import', file, '--token', token('reporter', 'TCT')], { GATEWAY_PORT: port });
    expect(imported.stderr).not.toContain('cannot reach');
    expect(imported.stdout).toContain('1 rows read; imported 1');
    const exported = await ioc(['export', '--pillar', 'economy', '--units', '60', '--out', path.join(dir, 'port-out.csv')], { GATEWAY_PORT: port });
    expect(exported.code).toBe(0);
    expect(readFileSync(path.join(dir, 'port-out.csv'), 'utf8')).toContain('IOC:ECONOMY(1.0),ECO_EINVOICE_RATE,60,2023,77.5,A,');
  });

  it('should name the address it tried when the gateway is not where GATEWAY_PORT says', async () => {
    const run = await ioc(['export', '--pillar', 'economy', '--out', '-'], { GATEWAY_PORT: '9' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('GATEWAY_PORT must not be 9');
    const closed = await ioc(['export', '--pillar', 'economy', '--out', '-'], { GATEWAY_PORT: String(await findFreePort()) });
    expect(closed.code).toBe(1);
    expect(closed.stderr).toMatch(/cannot reach the gateway at http:\/\/localhost:\d+\/graphql/);
  });

  it('should write the export to standard output with --out -, and create no file named "-"', async () => {
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, [CLI, 'export', '--pillar', 'society', '--units', '19', '--out', '-', '--url', system.url], { cwd: dir, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
        resolve({ code: err ? 1 : 0, stdout, stderr })),
    );
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS,SOURCE');
    expect(lines.some((l) => l.startsWith('IOC:SOCIETY(1.0),SOC_MOBILE_BROADBAND_MBPS,19,2022,33.95,'))).toBe(true);
    expect(run.stderr).toContain(`standard output: ${lines.length - 1} society observations exported`);
    expect(existsSync(path.join(dir, '-'))).toBe(false);
  });

  it('should refuse an unknown option, naming it', async () => {
    const run = await ioc(['export', '--pilar', 'economy', '--out', '-']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--pilar'");
  });
});
