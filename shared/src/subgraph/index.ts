export * from './run-main';
export * from './start-subgraph';
export * from './subgraph.config';
export * from './subgraph.types';
