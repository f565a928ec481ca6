export * from './operation-normaliser';
export * from './query-gateway';
