export * from './society.subgraph';
