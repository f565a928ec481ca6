export * from './health.subgraph';
