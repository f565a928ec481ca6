import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@ioc-graph/kit/internal';
import { SdlCache } from './sdl-cache';
import { SupergraphManager } from './supergraph-manager';

const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';
const CORE = `${link} type Query { unit(code: ID!): AdministrativeUnit } type AdministrativeUnit @key(fields: "code") { code: ID! name: String! }`;
const PARTNER = `${link} type AdministrativeUnit @key(fields: "code") { code: ID! healthReadings: [Int!] } type Query { healthPillar: String }`;

const managers: SupergraphManager[] = [];
afterEach(() => managers.splice(0).forEach((m) => m.dispose()));

function setup(partner: { file?: string; url?: string }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'manager-'));
  writeFileSync(path.join(dir, 'core.graphql'), CORE);
  const configFile = path.join(dir, 'supergraph.yaml');
  const partnerSchema = partner.file ? `file: ./${partner.file}` : `subgraph_url: ${partner.url}`;
  const write = (withPartner: boolean) =>
    writeFileSync(
      configFile,
      `subgraphs:\n  core:\n    routing_url: http://core.local/graphql\n    schema:\n      file: ./core.graphql\n` +
        (withPartner ? `  health:\n    routing_url: ${partner.url ?? 'http://health.local/graphql'}\n    schema:\n      ${partnerSchema}\n` : ''),
    );
  const manager = new SupergraphManager({
    configFile, cacheDir: path.join(dir, 'cache'), logger: createLogger('test'), core: ['core'], fetchTimeoutMs: 300, retryUnavailableMs: 0,
  });
  managers.push(manager);
  return { dir, configFile, write, manager };
}

describe('SupergraphManager', () => {
  it('should add a partner on reload and name it as the changed subgraph', async () => {
    const { dir, write, manager } = setup({ file: 'health.graphql' });
    writeFileSync(path.join(dir, 'health.graphql'), PARTNER);
    write(false);
    const updates: string[][] = [];
    manager.onUpdate((_sdl, changed) => updates.push(changed));
    expect(await manager.start()).not.toContain('healthPillar');
    write(true);
    const outcome = await manager.reload('test');
    expect(outcome).toMatchObject({ kind: 'updated', changed: ['health'] });
    expect(manager.supergraphSdl).toContain('healthPillar');
    expect(updates).toEqual([['health']]);
  });

  it('should keep the previous schema of a partner whose new one does not compose', async () => {
    const { dir, write, manager } = setup({ file: 'health.graphql' });
    writeFileSync(path.join(dir, 'health.graphql'), PARTNER);
    write(true);
    const good = await manager.start();
    writeFileSync(path.join(dir, 'health.graphql'), `${link} type AdministrativeUnit @key(fields: "code") { code: ID! name: Int! } type Query { healthPillar: String }`);
    const outcome = await manager.reload('test');
    expect(outcome.kind).toBe('unchanged');
    expect(manager.supergraphSdl).toBe(good);
    const health = manager.subgraphs().find((s) => s.name === 'health')!;
    expect(health.state).toMatchObject({ kind: 'refused', kept: 'previous', problems: expect.arrayContaining([expect.stringMatching(/Unit\.name/)]) });
  });

  it('should refuse a partner whose new schema composes but breaks the partner policy (an @override of a core field), keeping its previous', async () => {
    const { dir, write, manager } = setup({ file: 'health.graphql' });
    writeFileSync(path.join(dir, 'health.graphql'), PARTNER);
    write(true);
    const good = await manager.start();
    writeFileSync(path.join(dir, 'health.graphql'),
      'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@override"]) ' +
      'type AdministrativeUnit @key(fields: "code") { code: ID! name: String! @override(from: "core") healthReadings: [Int!] } type Query { healthPillar: String }');
    const outcome = await manager.reload('test');
    expect(outcome.kind).toBe('unchanged');
    expect(manager.supergraphSdl).toBe(good);
    expect(manager.subgraphs().find((s) => s.name === 'health')!.state).toMatchObject({
      kind: 'refused', kept: 'previous', problems: [expect.stringMatching(/^policy: AdministrativeUnit\.name @override\(from: "core"\)/)],
    });
  });

  it('should start without a broken partner it never served, and say why', async () => {
    const { dir, write, manager } = setup({ file: 'health.graphql' });
    writeFileSync(path.join(dir, 'health.graphql'), `${link} type AdministrativeUnit @key(fields: "code") { code: ID! name: Int! } type Query { x: Int }`);
    write(true);
    const sdl = await manager.start();
    expect(sdl).not.toContain('x: Int');
    expect(manager.subgraphs().find((s) => s.name === 'health')!.state).toMatchObject({ kind: 'refused', kept: 'none' });
  });

  it('should compose a partner that does not answer from its cached schema, marked unavailable', async () => {
    const { dir, write, manager } = setup({ url: 'http://127.0.0.1:9/graphql' });
    await new SdlCache(path.join(dir, 'cache')).write('health', PARTNER);
    write(true);
    const sdl = await manager.start();
    expect(sdl).toContain('healthPillar');
    expect(manager.subgraphs().find((s) => s.name === 'health')!.state).toMatchObject({ kind: 'unavailable', from: 'cache' });
  });

  it('should leave out a partner that does not answer and was never seen', async () => {
    const { write, manager } = setup({ url: 'http://127.0.0.1:9/graphql' });
    write(true);
    const sdl = await manager.start();
    expect(sdl).not.toContain('healthPillar');
    expect(manager.subgraphs().find((s) => s.name === 'health')!.state.kind).toBe('left-out');
  });

  it('should keep the last good graph when the config file is broken', async () => {
    const { configFile, write, manager } = setup({ file: 'health.graphql' });
    write(false);
    const good = await manager.start();
    writeFileSync(configFile, 'subgraphs: [');
    const outcome = await manager.reload('test');
    expect(outcome).toMatchObject({ kind: 'failed', problems: [expect.stringMatching(/not valid YAML/)] });
    expect(manager.supergraphSdl).toBe(good);
  });

  it('should take a partner live when its context secret is added to the secrets file after its config entry', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'manager-'));
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'manager-data-'));
    writeFileSync(path.join(dir, 'core.graphql'), CORE);
    writeFileSync(path.join(dir, 'health.graphql'), PARTNER);
    const secretsFile = path.join(dataDir, 'secrets.json');
    writeFileSync(secretsFile, JSON.stringify({ IOC_JWT_SECRET: 'x'.repeat(48) }), { mode: 0o600 });
    const configFile = path.join(dir, 'supergraph.yaml');
    const core = `subgraphs:\n  core:\n    routing_url: http://core.local/graphql\n    schema:\n      file: ./core.graphql\n`;
    writeFileSync(configFile, core);
    const manager = new SupergraphManager({
      configFile, cacheDir: path.join(dir, 'cache'), logger: createLogger('test'), core: ['core'], fetchTimeoutMs: 300, retryUnavailableMs: 0,
      debounceMs: 50, env: { IOC_SECRETS_FILE: secretsFile },
    });
    managers.push(manager);
    await manager.start();
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
    };
    const healthState = () => (manager.health().subgraphs as Record<string, { kind: string }>).health?.kind;
    // The README's order: the entry first (left out: its secret is not known yet), then the secret.
    writeFileSync(
      configFile,
      core + `  health:\n    routing_url: http://health.local/graphql\n    context_secret: \${env.HEALTH_CONTEXT_SECRET}\n    schema:\n      file: ./health.graphql\n`,
    );
    await until(() => healthState() === 'misconfigured');
    expect(healthState()).toBe('misconfigured');
    // The reason names where the secret goes, not only the variable.
    expect((manager.health().subgraphs as Record<string, { reason: string }>).health.reason).toContain(`add it to ${secretsFile}`);
    writeFileSync(secretsFile, JSON.stringify({ IOC_JWT_SECRET: 'x'.repeat(48), HEALTH_CONTEXT_SECRET: 'y'.repeat(48) }), { mode: 0o600 });
    await until(() => manager.supergraphSdl.includes('healthPillar'));
    expect(manager.supergraphSdl).toContain('healthPillar');
  });

  it('should serve the core graph without a partner whose entry names an unset variable, and say why', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'manager-'));
    writeFileSync(path.join(dir, 'core.graphql'), CORE);
    writeFileSync(path.join(dir, 'health.graphql'), PARTNER);
    const configFile = path.join(dir, 'supergraph.yaml');
    const yaml = `subgraphs:\n  core:\n    routing_url: http://core.local/graphql\n    schema:\n      file: ./core.graphql\n` +
      '  health:\n    routing_url: http://health.local/graphql\n    context_secret: ${env.HEALTH_CONTEXT_SECRET}\n    schema:\n      file: ./health.graphql\n';
    writeFileSync(configFile, yaml);
    const env: NodeJS.ProcessEnv = { HEALTH_CONTEXT_SECRET: 'h'.repeat(40) };
    const manager = new SupergraphManager({ configFile, cacheDir: path.join(dir, 'cache'), logger: createLogger('test'), core: ['core'], retryUnavailableMs: 0, env });
    managers.push(manager);
    expect(await manager.start()).toContain('healthPillar');
    // At a reload the partner is dropped, not kept at its previous schema: it cannot be called as configured.
    delete env.HEALTH_CONTEXT_SECRET;
    expect(await manager.reload('test')).toMatchObject({ kind: 'updated', changed: ['health'] });
    expect(manager.supergraphSdl).not.toContain('healthPillar');
    expect(manager.health()).toMatchObject({
      subgraphs: { health: { kind: 'misconfigured', cause: 'env-missing', missing: ['HEALTH_CONTEXT_SECRET'] } },
    });
    const fresh = new SupergraphManager({ configFile, cacheDir: path.join(dir, 'cache2'), logger: createLogger('test'), core: ['core'], retryUnavailableMs: 0, env: {} });
    managers.push(fresh);
    expect(await fresh.start()).not.toContain('healthPillar');
    env.HEALTH_CONTEXT_SECRET = 'h'.repeat(40);
    await manager.reload('test');
    expect(manager.supergraphSdl).toContain('healthPillar');
  });

  it("should refuse to start when a core subgraph's variable is unset, naming it", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'manager-'));
    writeFileSync(path.join(dir, 'core.graphql'), CORE);
    const configFile = path.join(dir, 'supergraph.yaml');
    writeFileSync(configFile, 'subgraphs:\n  core:\n    routing_url: ${env.CORE_URL}\n    schema:\n      file: ./core.graphql\n');
    const manager = new SupergraphManager({ configFile, cacheDir: path.join(dir, 'cache'), logger: createLogger('test'), core: ['core'], retryUnavailableMs: 0, env: {} });
    managers.push(manager);
    await expect(manager.start()).rejects.toThrow(/subgraph "core": environment variable CORE_URL is not set/);
  });

  it("should take in a partner's changed schema without a reload, and refuse a clashing one keeping the previous", async () => {
    const { dir, write, manager } = setup({ file: 'health.graphql' });
    writeFileSync(path.join(dir, 'health.graphql'), PARTNER);
    write(true);
    await manager.start();
    expect(await manager.pollSchemas()).toEqual([]);
    writeFileSync(path.join(dir, 'health.graphql'), PARTNER.replace('healthPillar: String', 'healthPillar: String healthVersion: Int'));
    expect(await manager.pollSchemas()).toEqual(['health']);
    const taken = manager.supergraphSdl;
    expect(taken).toContain('healthVersion');
    writeFileSync(path.join(dir, 'health.graphql'), `${link} type AdministrativeUnit @key(fields: "code") { code: ID! name: Int! } type Query { healthPillar: String }`);
    expect(await manager.pollSchemas()).toEqual(['health']);
    expect(manager.supergraphSdl).toBe(taken);
    expect(manager.health()).toMatchObject({
      subgraphs: { health: { kind: 'refused', kept: 'previous' } },
      lastReload: { trigger: 'schema changed: health' },
    });
    // The refused schema is not composed again at every poll.
    expect(await manager.pollSchemas()).toEqual([]);
  });
});

describe('SupergraphManager and two partners whose prefixes clash', () => {
  const ind = (P: string) => `${link} interface Indicator { code: ID! } type ${P}Indicator implements Indicator { code: ID! } type Query { ${P[0].toLowerCase()}${P.slice(1)}Indicators: [${P}Indicator!] }`;
  function setupTwo() {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'manager-'));
    writeFileSync(path.join(dir, 'core.graphql'), CORE);
    writeFileSync(path.join(dir, 'health.graphql'), ind('Health'));
    writeFileSync(path.join(dir, 'healthcare.graphql'), ind('HealthCare'));
    const configFile = path.join(dir, 'supergraph.yaml');
    const entry = (name: string) => `  ${name}:\n    routing_url: http://${name}.local/graphql\n    schema:\n      file: ./${name}.graphql\n`;
    writeFileSync(configFile, `subgraphs:\n  core:\n    routing_url: http://core.local/graphql\n    schema:\n      file: ./core.graphql\n${entry('health')}${entry('healthcare')}`);
    const manager = new SupergraphManager({
      configFile, cacheDir: path.join(dir, 'cache'), logger: createLogger('test'), core: ['core'], fetchTimeoutMs: 300, retryUnavailableMs: 0,
    });
    managers.push(manager);
    return manager;
  }

  it('should never serve both (ioc subgraph check refuses the second), so that a later reload does not throw out what it served', async () => {
    const manager = setupTwo();
    const first = await manager.start();
    const servedAtStart = ['healthIndicators', 'healthCareIndicators'].filter((f) => first.includes(f));
    await manager.reload('test');
    const servedAfterReload = ['healthIndicators', 'healthCareIndicators'].filter((f) => manager.supergraphSdl.includes(f));
    // The policy refuses one of them: the same one, at start and at every reload after.
    expect(servedAtStart).toHaveLength(1);
    expect(servedAfterReload).toEqual(servedAtStart);
  });
});
