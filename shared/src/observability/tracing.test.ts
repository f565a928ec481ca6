import { execFileSync } from 'node:child_process';
import path from 'node:path';

const INTERNAL = path.resolve(__dirname, '../../dist/internal.js');

/**
 * Loads the built kit in a fresh process and reports the tracing state and the OTel modules loaded
 * besides the small `@opentelemetry/api` (which other dependencies load anyway).
 */
function probe(env: NodeJS.ProcessEnv): { kind: string; service?: string; otelModules: number } {
  const script = `
    const kit = require(${JSON.stringify(INTERNAL)});
    const state = kit.startTracing('probe');
    const otelModules = Object.keys(require.cache).filter((k) => k.includes('@opentelemetry/') && !k.includes('@opentelemetry/api/')).length;
    console.log(JSON.stringify({ kind: state.kind, service: state.service, otelModules }));
    process.exit(0);`;
  const { OTEL_EXPORTER_OTLP_ENDPOINT: _drop, OTEL_SERVICE_NAME: _drop2, ...rest } = process.env;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { env: { ...rest, ...env }, encoding: 'utf8' }).trim());
}

describe('tracing', () => {
  it('should load no OpenTelemetry SDK module when OTEL_EXPORTER_OTLP_ENDPOINT is unset', () => {
    expect(probe({})).toEqual({ kind: 'off', otelModules: 0 });
  });

  it('should start when OTEL_EXPORTER_OTLP_ENDPOINT is set, named by OTEL_SERVICE_NAME', () => {
    const state = probe({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_SERVICE_NAME: 'ioc-probe' });
    expect(state.kind).toBe('on');
    expect(state.service).toBe('ioc-probe');
    expect(state.otelModules).toBeGreaterThan(0);
  });
});
