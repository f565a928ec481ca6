import fs from 'node:fs';
import path from 'node:path';
import { createLogger } from '../log/logger';

/** The variable that turns tracing on: where the OTLP collector listens (e.g. `http://localhost:4318`). */
export const OTEL_ENDPOINT_ENV = 'OTEL_EXPORTER_OTLP_ENDPOINT';

/**
 * The OpenTelemetry packages tracing loads. They are optional peers of the kit (a partner installs
 * them only to trace): without them the kit runs, untraced. (`@opentelemetry/api`, which they share,
 * stays a dependency: prom-client requires it.)
 */
export const TRACING_PACKAGES = [
  '@opentelemetry/sdk-node',
  '@opentelemetry/instrumentation-http',
  '@opentelemetry/instrumentation-undici',
  '@opentelemetry/instrumentation-pg',
] as const;

/**
 * `off`: no endpoint set. `on`: spans are exported. `missing`: an endpoint is set but some of
 * {@link TRACING_PACKAGES} are not installed; the process runs without traces.
 */
export type TracingState =
  | { kind: 'off' }
  | { kind: 'on'; service: string; shutdown(): Promise<void> }
  | { kind: 'missing'; packages: string[] };
let state: TracingState = { kind: 'off' };

/**
 * Starts OpenTelemetry tracing (spans of incoming and outgoing HTTP, undici fetches and pg queries,
 * exported over OTLP) when `OTEL_EXPORTER_OTLP_ENDPOINT` is set; otherwise does nothing and loads
 * nothing. Must run before `pg` is first required (the kit's entry points call it first thing), as
 * the pg instrumentation patches the module on load. The standard `OTEL_*` variables apply
 * (`OTEL_SERVICE_NAME`, `OTEL_EXPORTER_OTLP_PROTOCOL`, `OTEL_TRACES_SAMPLER`...); OTLP metrics and
 * logs stay off unless `OTEL_METRICS_EXPORTER`/`OTEL_LOGS_EXPORTER` ask for them (metrics are on
 * `/metrics`, logs on stdout). Idempotent.
 *
 * The OpenTelemetry SDK is an optional peer of the kit: when the endpoint is set but a package of
 * {@link TRACING_PACKAGES} cannot be found, one warning line names the `npm install` to run and the
 * process goes on without traces (state `missing`) rather than crashing.
 *
 * @param service the service name when `OTEL_SERVICE_NAME` is not set. @default the name in the
 *   package.json nearest to the main script
 * @returns the state: `off`, or `on` with the service name and `shutdown()` (flushes spans)
 */
export function startTracing(service?: string): TracingState {
  if (state.kind !== 'off' || !process.env[OTEL_ENDPOINT_ENV]) return state;
  const missing = TRACING_PACKAGES.filter((p) => !resolvable(p));
  if (missing.length) {
    state = { kind: 'missing', packages: missing };
    createLogger('tracing').warn(
      { missing },
      `${OTEL_ENDPOINT_ENV} is set but tracing is off: the OpenTelemetry SDK is not installed; to trace, run: npm install ${missing.map(withRange).join(' ')}`,
    );
    return state;
  }
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  // Required here, not imported: they weigh megabytes and cost start-up time when tracing is off.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const name = process.env.OTEL_SERVICE_NAME ?? service ?? mainPackageName() ?? 'ioc-graph';
  const sdk = new NodeSDK({
    serviceName: name,
    instrumentations: [
      // Scrapes and health checks would drown the traces that matter.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(metrics|healthz)\b/.test(req.url ?? '') }),
      new UndiciInstrumentation(),
      new PgInstrumentation(),
    ],
  });
  sdk.start();
  state = { kind: 'on', service: name, shutdown: () => sdk.shutdown() };
  const flush = () => void sdk.shutdown().catch(() => undefined);
  process.once('beforeExit', flush);
  return state;
}

/** Whether `name` can be required from the kit (where a partner's npm puts its peers). */
function resolvable(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** `name@range` as the kit's package.json declares the peer, so the advice installs a version that fits. */
function withRange(name: string): string {
  try {
    const kit = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { peerDependencies?: Record<string, string> };
    const range = kit.peerDependencies?.[name];
    return range ? `${name}@'${range}'` : name;
  } catch {
    return name;
  }
}

/** The name in the package.json nearest to the main script (e.g. `@ioc-graph/gateway`). */
function mainPackageName(): string | undefined {
  let dir = require.main?.filename ? path.dirname(require.main.filename) : undefined;
  for (let i = 0; dir && i < 5; i++, dir = path.dirname(dir)) {
    try {
      return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name;
    } catch {
      // not here: one folder up
    }
  }
  return undefined;
}
