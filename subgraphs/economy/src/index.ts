export * from './economy.subgraph';
