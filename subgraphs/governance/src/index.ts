export * from './governance.subgraph';
export * from './units';
