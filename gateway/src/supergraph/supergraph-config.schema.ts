import { z } from 'zod';

/**
 * The zod schema of `supergraph.yaml` (Apollo rover's format). A per-subgraph key is one line in
 * {@link subgraphEntrySchema} plus its field in the transform; the error for a bad value names the
 * subgraph and the key (`subgraph "tax": routing_url must be an http(s) URL`).
 */

/** Subgraph names become identifiers in the supergraph and in logs. */
export const SUBGRAPH_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** `timeout:` (not a rover key: rover ignores it): `10s`, `500ms` or a number of ms, 1 ms to 600 s. */
const duration = z.union([z.number(), z.string()]).transform((raw, ctx) => {
  const m = typeof raw === 'number' ? [String(raw), String(raw), 'ms'] : /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/.exec(raw);
  const ms = m ? Number(m[1]) * (m[2] === 's' ? 1000 : 1) : NaN;
  if (!Number.isFinite(ms) || ms < 1 || ms > 600_000) {
    ctx.addIssue({ code: 'custom', message: `must be a duration between 1ms and 600s (e.g. "10s", "500ms"), got ${JSON.stringify(raw)}` });
    return z.NEVER;
  }
  return ms;
});

const httpUrl = z.string({ error: 'must be an http(s) URL' }).regex(/^https?:\/\//, 'must be an http(s) URL');

export const subgraphEntrySchema = z
  .looseObject({
    routing_url: httpUrl,
    schema: z
      .looseObject({
        subgraph_url: z.string().optional(),
        file: z.string().optional(),
      })
      .optional(),
    timeout: duration.optional(),
    // Empty (e.g. `${env.X:-}` with X unset) means unset: the gateway's environment decides.
    context_secret: z.union([z.string(), z.null()], { error: 'must be a string (e.g. ${env.HEALTH_CONTEXT_SECRET})' }).optional(),
  }, { error: 'must be a map with routing_url' })
  .transform((e) => ({
    routingUrl: e.routing_url,
    // rover also accepts a subgraph with only routing_url: its schema is introspected there.
    schema:
      typeof e.schema?.subgraph_url === 'string'
        ? { subgraphUrl: e.schema.subgraph_url }
        : typeof e.schema?.file === 'string'
          ? { file: e.schema.file }
          : { subgraphUrl: e.routing_url },
    ...(e.timeout === undefined ? {} : { timeoutMs: e.timeout }),
    ...(typeof e.context_secret === 'string' && e.context_secret ? { contextSecret: e.context_secret } : {}),
  }));

export const supergraphConfigSchema = z.looseObject(
  {
    federation_version: z.union([z.string(), z.number()]).optional(),
    subgraphs: z.record(z.string(), subgraphEntrySchema, { error: 'expected a "subgraphs:" map' }),
  },
  { error: 'expected a "subgraphs:" map' },
);

export type SupergraphConfigDocument = z.infer<typeof supergraphConfigSchema>;
