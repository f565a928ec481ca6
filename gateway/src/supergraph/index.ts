export * from './compose';
export * from './supergraph-config';
