import { z } from 'zod';

/**
 * The zod schema of `supergraph.yaml` (Apollo rover's format). A per-subgraph key is one line in
 * {@link subgraphEntrySchema} plus its field in the transform; the error for a bad value names the
 * subgraph and the key (`subgraph "tax": routing_url must be an http(s) URL`).
 */

/** Subgraph names become identifiers in the supergraph and in logs. */
export const SUBGRAPH_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

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
  }));

export const supergraphConfigSchema = z.looseObject(
  {
    federation_version: z.union([z.string(), z.number()]).optional(),
    subgraphs: z.record(z.string(), subgraphEntrySchema, { error: 'expected a "subgraphs:" map' }),
  },
  { error: 'expected a "subgraphs:" map' },
);

export type SupergraphConfigDocument = z.infer<typeof supergraphConfigSchema>;
