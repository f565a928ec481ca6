import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '@ioc-graph/cli';
import { GATEWAY_CONTEXT_HEADER, ServiceProcess, findFreePort } from '@ioc-graph/kit/internal';
import { defaultInstallEnv, signedContext } from '../support/start-command';
import { type TestSystem, startTestSystem } from '../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../support/tokens';

const HEALTH_REPORT = `mutation ($input: [ObservationInput!]!) { reportHealthObservations(input: $input) { imported rows { outcome reason } } }`;
const ECONOMY_REPORT = `mutation ($input: [ObservationInput!]!) { reportEconomyObservations(input: $input) { imported rows { outcome reason } } }`;
const healthRow = (period: string) => ({ input: [{ indicatorCode: 'HEALTH_EMR_HOSPITAL_RATE', unitCode: '19', period, value: 42 }] });
const economyRow = (period: string) => ({ input: [{ indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '19', period, value: 42 }] });

type Answer = { status: number; body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
async function post(url: string, query: string, variables: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

/** A supergraph config: the three core subgraphs (secrets from the gateway's environment) and the partner with its own. */
function supergraphYaml(system: TestSystem, partnerUrl: string, partnerSecretRef: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'trust-')), 'supergraph.yaml');
  const entry = (name: string, url: string, extra = '') => `  ${name}:\n    routing_url: ${url}\n${extra}    schema:\n      subgraph_url: ${url}\n`;
  writeFileSync(
    file,
    'federation_version: =2.7.0\nsubgraphs:\n' +
      entry('governance', system.subgraphs.governance.url, '    context_secret: ${env.GOVERNANCE_CONTEXT_SECRET}\n') +
      entry('economy', system.subgraphs.economy.url, '    context_secret: ${env.ECONOMY_CONTEXT_SECRET}\n') +
      entry('society', system.subgraphs.society.url, '    context_secret: ${env.SOCIETY_CONTEXT_SECRET}\n') +
      entry('health', partnerUrl, `    context_secret: ${partnerSecretRef}\n`),
  );
  return file;
}

describe('partner trust: each subgraph its own context secret, one agency registry', () => {
  let system: TestSystem;
  let partner: ServiceProcess;
  let partnerEnv: NodeJS.ProcessEnv;
  const partnerLog: string[] = [];
  const gateways: ServiceProcess[] = [];
  const healthSecret = randomBytes(48).toString('base64url');
  let partnerUrl: string;

  async function gateway(port: number, partnerSecret: string, log: string[]): Promise<string> {
    const gw = new ServiceProcess({
      name: 'gateway',
      script: path.join(ROOT, 'gateway/dist/main.js'),
      env: {
        ...system.env,
        GATEWAY_PORT: String(port),
        PARTNER_SECRET_UNDER_TEST: partnerSecret,
        SUPERGRAPH_CONFIG: supergraphYaml(system, partnerUrl, '${env.PARTNER_SECRET_UNDER_TEST}'),
      },
      healthUrl: `http://127.0.0.1:${port}/healthz`,
      startTimeoutMs: 60_000,
      onLine: (l) => log.push(l),
    });
    gateways.push(gw);
    await gw.start();
    return `http://127.0.0.1:${port}/graphql`;
  }

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
    const port = await findFreePort();
    partnerUrl = `http://127.0.0.1:${port}/graphql`;
    // The partner runs with its own secret and nothing a core subgraph trusts.
    partnerEnv = defaultInstallEnv({ DATABASE_URL: system.env.DATABASE_URL, HEALTH_PORT: String(port), HEALTH_CONTEXT_SECRET: healthSecret, LOG_LEVEL: 'warn' });
    partner = new ServiceProcess({
      name: 'health',
      script: path.join(ROOT, 'examples/partner-health/dist/main.js'),
      env: partnerEnv,
      healthUrl: `http://127.0.0.1:${port}/healthz`,
      onLine: (l) => partnerLog.push(l),
    });
    await partner.start();
    await system.gateway.stop();
    await gateway(system.gateway.port, healthSecret, []);
  }, 150_000);

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await partner?.stop();
    await system?.dispose();
  });

  it("should let a reporter of the partner's agency write through the gateway, signed with the partner's own secret", async () => {
    expect(Object.keys(partnerEnv).filter((k) => /SECRET/.test(k))).toEqual(['HEALTH_CONTEXT_SECRET']);
    const res = await post(system.url, HEALTH_REPORT, healthRow('2021-Q1'), bearer(token('reporter', 'BYT')));
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toMatchObject({ reportHealthObservations: { imported: 1 } });
  });

  it("should refuse at a core subgraph a context signed with the partner's secret (401 naming the subgraph)", async () => {
    const forged = await signedContext(partnerEnv, 'health', ['admin']);
    const res = await post(system.subgraphs.economy.url, ECONOMY_REPORT, economyRow('2009'), { [GATEWAY_CONTEXT_HEADER]: forged });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0].message).toMatch(/economy subgraph refused the gateway's context/);
    expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('should answer a clear 401 naming the subgraph when the gateway signs with another secret, and log it at both ends', async () => {
    const gatewayLog: string[] = [];
    const wrong = await gateway(await findFreePort(), randomBytes(48).toString('base64url'), gatewayLog);
    const res = await post(wrong, HEALTH_REPORT, healthRow('2021-Q2'), bearer(token('reporter', 'BYT')));
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0].message).toMatch(/The health subgraph refused the gateway's signed context/);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', serviceName: 'health' });
    expect(JSON.stringify(res.body)).not.toMatch(/127\.0\.0\.1|stack/);
    expect(gatewayLog.join('\n')).toMatch(/health subgraph refused the gateway's signed context/);
    expect(partnerLog.join('\n')).toMatch(/refused a gateway context that does not verify with HEALTH_CONTEXT_SECRET/);
  });

  it('should show a subgraph that refuses the signed context as degraded in /healthz: detail for admins, the reason kind for anonymous callers', async () => {
    type Health = { status: string; subgraphs: Record<string, string>; reasons?: string[] };
    const health = async (graphqlUrl: string, headers: Record<string, string> = {}) =>
      (await (await fetch(graphqlUrl.replace('/graphql', '/healthz'), { headers })).json()) as Health;
    // The gateway with the partner's secret: nothing refused.
    expect((await health(system.url, bearer(token('admin')))).subgraphs.health).toBe('ok');
    const wrong = await gateway(await findFreePort(), randomBytes(48).toString('base64url'), []);
    const admin = await health(wrong, bearer(token('admin')));
    expect(admin.status).toBe('degraded');
    expect(admin.subgraphs.health).toMatch(/^context refused \(.*context_secret of health.*HEALTH_CONTEXT_SECRET at the subgraph/);
    expect(admin.subgraphs.economy).toBe('ok');
    const anonymous = await health(wrong);
    expect(anonymous.status).toBe('degraded');
    expect(anonymous.subgraphs.health).toBe('context refused');
    expect(anonymous.reasons).toEqual(['health: context refused']);
    expect(JSON.stringify(anonymous)).not.toMatch(/SECRET|127\.0\.0\.1/);
  });

  it('should refuse a reporter token for an agency missing from the registry, and store nothing', async () => {
    const intruder = bearer(token('reporter', 'XYZ'));
    for (const [query, vars] of [[ECONOMY_REPORT, economyRow('2008')], [HEALTH_REPORT, healthRow('2020-Q4')]] as const) {
      const res = await post(system.url, query, vars, intruder);
      expect(res.status).toBe(403);
      expect(res.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(res.body.errors?.[0].message).toMatch(/Agency XYZ is not in the agency registry/);
    }
    const stored = await post(system.url, '{ economyIndicator(code: "ECO_EINVOICE_RATE") { series(unitCode: "19", from: "2008", to: "2008") { period } } }', {});
    expect(stored.body.data).toEqual({ economyIndicator: { series: [] } });
    // A registered agency is let through by the same check.
    const tct = await post(system.url, ECONOMY_REPORT, economyRow('2008'), bearer(token('reporter', 'TCT')));
    expect(tct.body.data).toMatchObject({ reportEconomyObservations: { imported: 1 } });
  });
});
