import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '@ioc-graph/cli';
import { ServiceProcess, findFreePort } from '@ioc-graph/kit/internal';
import { type TestSystem, gql, startTestSystem } from '../support/system';

/** A rover supergraph.yaml with the three pillars and any extra entries. */
function supergraphYaml(system: TestSystem, extra: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'supergraph-'));
  const file = path.join(dir, 'supergraph.yaml');
  const entry = (name: string, url: string) => `  ${name}:\n    routing_url: ${url}\n    schema:\n      subgraph_url: ${url}\n`;
  writeFileSync(
    file,
    `federation_version: =2.7.0\nsubgraphs:\n${entry('governance', system.subgraphs.governance.url)}${entry('economy', system.subgraphs.economy.url)}${entry('society', system.subgraphs.society.url)}${extra}`,
  );
  return file;
}

function gatewayProcess(system: TestSystem, supergraphConfig: string) {
  return new ServiceProcess({
    name: 'gateway',
    script: path.join(ROOT, 'gateway/dist/main.js'),
    env: { ...system.env, SUPERGRAPH_CONFIG: supergraphConfig },
    healthUrl: `http://127.0.0.1:${system.gateway.port}/healthz`,
    startTimeoutMs: 30_000,
  });
}

describe('a partner agency joining the graph', () => {
  let system: TestSystem;
  let partner: ServiceProcess;
  let partnerUrl: string;
  const gateways: ServiceProcess[] = [];

  beforeAll(async () => {
    system = await startTestSystem();
    const port = await findFreePort();
    partnerUrl = `http://127.0.0.1:${port}/graphql`;
    partner = new ServiceProcess({
      name: 'health',
      script: path.join(ROOT, 'examples/partner-health/dist/main.js'),
      env: { ...system.env, HEALTH_PORT: String(port), LOG_LEVEL: 'warn' },
      healthUrl: `http://127.0.0.1:${port}/healthz`,
    });
    await partner.start();
    await system.gateway.stop();
  });

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await partner?.stop();
    await system?.dispose();
  });

  it('should refuse to start with a broken graph and name the subgraph at fault', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'broken-'));
    writeFileSync(
      path.join(dir, 'tax.graphql'),
      'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])\n' +
        'type Query { taxInfo: Int }\ntype ReportSummary @shareable { imported: String }\n',
    );
    const yaml = supergraphYaml(system, `  tax:\n    routing_url: http://127.0.0.1:9/graphql\n    schema:\n      file: ${path.join(dir, 'tax.graphql')}\n`);
    const gateway = gatewayProcess(system, yaml);
    gateways.push(gateway);
    await expect(gateway.start()).rejects.toThrow(/does not compose[\s\S]*tax[\s\S]*ReportSummary\.imported/);
  });

  it("should serve the partner's indicators and unit readings after one entry in supergraph.yaml", async () => {
    const yaml = supergraphYaml(system, `  health:\n    routing_url: ${partnerUrl}\n    schema:\n      subgraph_url: ${partnerUrl}\n`);
    const gateway = gatewayProcess(system, yaml);
    gateways.push(gateway);
    await gateway.start();
    const res = await gql<{ healthIndicator: { latest: { value: number; unit: { name: string } } }; unit: { healthReadings: { value: number }[]; governanceReadings: unknown[] } }>(
      system.url,
      `{ healthIndicator(code: "HEALTH_EMR_HOSPITAL_RATE") { name latest(unitCode: "19") { value unit { name } } }
         unit(code: "19") { healthReadings { value } governanceReadings { value } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.healthIndicator.latest).toEqual({ value: 40, unit: { name: 'Tỉnh Thái Nguyên' } });
    expect(res.data!.unit.healthReadings).toEqual([{ value: 40 }]);
    expect(res.data!.unit.governanceReadings.length).toBeGreaterThan(0);
  });
});
