export * from './subgraph-fetch';
export * from './subscription-metrics';
export * from './cache-metrics';
