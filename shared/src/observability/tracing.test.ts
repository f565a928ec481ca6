import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TRACING_PACKAGES } from './tracing';

const INTERNAL = path.resolve(__dirname, '../../dist/internal.js');

/**
 * Loads the built kit in a fresh process and reports the tracing state and the OTel modules loaded
 * besides the small `@opentelemetry/api` (which other dependencies load anyway).
 */
function probe(env: NodeJS.ProcessEnv, hide: string[] = []): { kind: string; service?: string; packages?: string[]; otelModules: number; lines: string[] } {
  // `hide`: packages made unresolvable, as in a partner's install without the optional OTel peers.
  const script = `
    const Module = require('node:module');
    const hide = new Set(${JSON.stringify(hide)});
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      if (hide.has(request)) throw Object.assign(new Error('Cannot find module ' + request), { code: 'MODULE_NOT_FOUND' });
      return resolve.call(this, request, ...rest);
    };
    const kit = require(${JSON.stringify(INTERNAL)});
    const state = kit.startTracing('probe');
    const otelModules = Object.keys(require.cache).filter((k) => k.includes('@opentelemetry/') && !k.includes('@opentelemetry/api/')).length;
    console.log(JSON.stringify({ kind: state.kind, service: state.service, packages: state.packages, otelModules }));
    process.exit(0);`;
  const { OTEL_EXPORTER_OTLP_ENDPOINT: _drop, OTEL_SERVICE_NAME: _drop2, JEST_WORKER_ID: _drop3, ...rest } = process.env;
  const out = execFileSync(process.execPath, ['-e', script], { env: { ...rest, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8' }).trim().split('\n');
  return { ...JSON.parse(out.at(-1)!), lines: out.slice(0, -1) };
}

describe('tracing', () => {
  it('should load no OpenTelemetry SDK module when OTEL_EXPORTER_OTLP_ENDPOINT is unset', () => {
    expect(probe({})).toEqual({ kind: 'off', otelModules: 0, lines: [] });
  });

  it('should start when OTEL_EXPORTER_OTLP_ENDPOINT is set, named by OTEL_SERVICE_NAME', () => {
    const state = probe({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_SERVICE_NAME: 'ioc-probe' });
    expect(state.kind).toBe('on');
    expect(state.service).toBe('ioc-probe');
    expect(state.otelModules).toBeGreaterThan(0);
  });

  it.each([
    [['@opentelemetry/sdk-node']],
    [['@opentelemetry/instrumentation-undici', '@opentelemetry/instrumentation-pg']],
    [[...TRACING_PACKAGES]],
  ])('should run untraced and name the npm install to run when the endpoint is set but %j are missing', (hidden) => {
    const state = probe({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' }, hidden);
    expect(state).toMatchObject({ kind: 'missing', packages: hidden, otelModules: 0 });
    expect(state.lines).toHaveLength(1); // one line, no stack trace
    const line = JSON.parse(state.lines[0]) as { level: number; msg: string };
    expect(line.level).toBe(40); // warn
    const kit = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { peerDependencies: Record<string, string> };
    expect(line.msg).toContain(`npm install ${hidden.map((p) => `${p}@'${kit.peerDependencies[p]}'`).join(' ')}`);
    expect(line.msg).toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
  });

  it('should keep the OpenTelemetry SDK an optional peer of the kit, not a dependency every partner installs', () => {
    const kit = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
    };
    expect(Object.keys(kit.dependencies).filter((d) => d.startsWith('@opentelemetry/') && d !== '@opentelemetry/api')).toEqual([]);
    for (const p of TRACING_PACKAGES) {
      expect(kit.peerDependencies[p]).toBeDefined();
      expect(kit.peerDependenciesMeta[p]).toEqual({ optional: true });
    }
  });
});
