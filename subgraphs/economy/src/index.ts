export * from './digital-economy';
export * from './economy.subgraph';
export * from './enterprises';
