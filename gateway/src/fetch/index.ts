export * from './subgraph-client';
export * from './subgraph-data-source';
export * from './subgraph-errors';
export * from './subgraph-clients';
