import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { GATEWAY_CONTEXT_HEADER } from '@ioc-graph/kit/internal';
import { type StartRun, cliToken, forgeToken, runStart, startEnv, waitFor } from '../support/start-command';

// The development secrets that shared/src/auth/secrets.ts once printed: anyone has read them.
const OLD_JWT_SECRET = 'ioc-graph-development-jwt-secret-do-not-use-in-production';
const OLD_GATEWAY_SECRET = 'ioc-graph-development-gateway-secret-do-not-use-in-production';

const REPORT = `mutation ($input: [ObservationInput!]!) { reportEconomyObservations(input: $input) { imported } }`;

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

describe('secrets on a default npm start', () => {
  let setup: Awaited<ReturnType<typeof startEnv>>;
  let run: StartRun | undefined;
  let gateway: string;
  let secretsFile: string;

  const start = async () => {
    run = runStart(setup.env);
    await waitFor(() => run!.output().includes('IOC Graph is running') || run!.child.exitCode !== null, 120_000, () => `the start banner:\n${run!.output()}`);
    expect(run.output()).toContain('IOC Graph is running');
  };

  beforeAll(async () => {
    setup = await startEnv();
    gateway = `http://127.0.0.1:${setup.gatewayPort}/graphql`;
    // A folder of its own beside IOC_DATA_DIR, never the data folder's (possibly shared) parent.
    secretsFile = path.join(`${setup.dataDir}-state`, 'secrets.json');
    await start();
  }, 150_000);

  afterAll(async () => {
    await run?.stop();
  });

  it('should generate the secrets on first start and keep them readable by the owner only', () => {
    const mode = statSync(secretsFile).mode & 0o777;
    expect(mode.toString(8)).toBe('600');
    expect((statSync(path.dirname(secretsFile)).mode & 0o777).toString(8)).toBe('700');
    expect(existsSync(path.join(path.dirname(setup.dataDir), 'secrets.json'))).toBe(false);
    const secrets = JSON.parse(readFileSync(secretsFile, 'utf8')) as Record<string, string>;
    for (const name of ['IOC_JWT_SECRET', 'IOC_GATEWAY_SECRET', 'GOVERNANCE_CONTEXT_SECRET', 'ECONOMY_CONTEXT_SECRET', 'SOCIETY_CONTEXT_SECRET']) {
      expect(Buffer.byteLength(secrets[name])).toBeGreaterThanOrEqual(32);
    }
    expect(new Set(Object.values(secrets)).size).toBe(Object.values(secrets).length); // each its own
    expect(run!.output()).toContain(secretsFile);
  });

  it('should refuse an admin token signed with the old development secret, and store nothing', async () => {
    const forged = await forgeToken(OLD_JWT_SECRET, { roles: ['admin'] }, 'ioc-graph');
    const res = await post(
      gateway,
      { query: REPORT, variables: { input: [{ indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '19', period: '2014', value: 1 }] } },
      { authorization: `Bearer ${forged}` },
    );
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const latest = await post(gateway, { query: '{ economyIndicator(code: "ECO_EINVOICE_RATE") { series(unitCode: "19", from: "2014", to: "2014") { period } } }' });
    expect(latest.body.data).toEqual({ economyIndicator: { series: [] } });
  });

  it('should answer 401 naming the subgraph to a context signed with the old development gateway secret', async () => {
    const forged = await forgeToken(OLD_GATEWAY_SECRET, { roles: ['admin'] }, 'ioc-graph-subgraphs');
    const res = await post(
      `http://127.0.0.1:${setup.ports.economy}/graphql`,
      { query: REPORT, variables: { input: [{ indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '19', period: '2014', value: 1 }] } },
      { [GATEWAY_CONTEXT_HEADER]: forged },
    );
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0].message).toContain('economy subgraph');
    expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('should let `npm run token` on the same machine write through the running graph', async () => {
    const admin = await cliToken({ IOC_DATA_DIR: setup.dataDir }, 'admin');
    const res = await post(
      gateway,
      { query: REPORT, variables: { input: [{ indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '19', period: '2013', value: 99.1 }] } },
      { authorization: `Bearer ${admin}` },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toMatchObject({ reportEconomyObservations: { imported: 1 } });
  });

  it('should keep the same secrets across a restart, so tokens issued before still work', async () => {
    const before = readFileSync(secretsFile, 'utf8');
    const reporter = await cliToken({ IOC_DATA_DIR: setup.dataDir }, 'reporter', 'TCT');
    expect(await run!.stop()).toBe(0);
    await start();
    expect(readFileSync(secretsFile, 'utf8')).toBe(before);
    expect((statSync(secretsFile).mode & 0o777).toString(8)).toBe('600');
    const res = await post(
      gateway,
      { query: REPORT, variables: { input: [{ indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '19', period: '2012', value: 98.5 }] } },
      { authorization: `Bearer ${reporter}` },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toMatchObject({ reportEconomyObservations: { imported: 1 } });
  }, 150_000);
});
