import type { ApolloServerPlugin } from '@apollo/server';
import type { Express } from 'express';
import type { Logger } from '../log';
import { collectProcessMetrics, metrics, operationNameLabel } from './metrics';
import { requestIdMiddleware } from './request-id';

export interface HttpObservability {
  /** Times each GraphQL request into `ioc_graphql_request_duration_seconds` and logs it (debug). */
  plugin: ApolloServerPlugin<object>;
}

/**
 * Mounts request ids (`x-request-id`, see request-id.ts) on every route and `GET /metrics`
 * (Prometheus text format) on `app`; call it before any other route. Returns the Apollo plugin
 * that times GraphQL requests.
 */
export function observeHttp(app: Express, options: { logger: Logger }): HttpObservability {
  collectProcessMetrics();
  app.use(requestIdMiddleware());
  app.get('/metrics', async (_req, res) => {
    try {
      const body = await metrics.registry.metrics();
      res.type(metrics.registry.contentType).send(body);
    } catch (err) {
      options.logger.warn({ err }, 'metrics could not be collected');
      res.status(500).type('text/plain').send('metrics could not be collected\n');
    }
  });
  return { plugin: requestTimingPlugin(options.logger) };
}

/** An authenticated caller: its context (the gateway's, a subgraph's) carries a principal. */
const authenticated = (context: unknown): boolean => !!(context as { principal?: unknown } | undefined)?.principal;
/** Longest operation name written to the log as given (a client may send megabytes of it). */
const MAX_LOGGED_NAME = 100;

/** An Apollo Server plugin: request latency by operation, and one debug line per request. */
export function requestTimingPlugin(logger: Logger): ApolloServerPlugin<object> {
  return {
    async requestDidStart({ request }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(ctx) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const operationName = ctx.operationName ?? request.operationName ?? null;
          const outcome = ctx.errors?.length || (ctx.response.body.kind === 'single' && ctx.response.body.singleResult.errors?.length) ? 'error' : 'ok';
          const labels = {
            // Only an answered operation may add its name, an anonymous one to a small LRU part (see operationNameLabel).
            operation_name: operationNameLabel(operationName, outcome !== 'ok' ? undefined : authenticated(ctx.contextValue) ? 'authenticated' : 'anonymous'),
            operation_type: ctx.operation?.operation ?? 'unknown',
            outcome,
          };
          metrics.requestDuration.observe(labels, seconds);
          const logged = typeof operationName === 'string' && operationName.length > MAX_LOGGED_NAME ? `${operationName.slice(0, MAX_LOGGED_NAME)}…` : operationName;
          logger.debug({ operationName: logged, operationType: labels.operation_type, outcome: labels.outcome, durationMs: Math.round(seconds * 1e4) / 10 }, 'graphql request');
        },
      };
    },
  };
}
