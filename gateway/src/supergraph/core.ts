/**
 * The province's own subgraphs. The gateway never starts without them (a partner may be left out),
 * and `subgraph check` keeps partners off what they own.
 */
export const CORE_SUBGRAPHS: readonly string[] = Object.freeze(['governance', 'economy', 'society']);

/** Whether `name` is a core subgraph. */
export const isCore = (name: string, core: readonly string[] = CORE_SUBGRAPHS): boolean => core.includes(name);
