export * from './query-cache';
export * from './cache-policy';
export * from './cached-fetch';
export * from './invalidation-streams';
export * from './response-cache';
export * from './unit-tree';
export * from './write-waits';
