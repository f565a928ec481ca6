export * from './config';
export * from './gateway';
export * from './supergraph';
export * from './subscriptions';
export * from './observability';
