export * from './subgraph-fetch';
export * from './subscription-metrics';
