export * from './graphql-server';
export * from './ports';
export * from './limits';
export * from './client-errors';
export * from './drain';
export * from './health';
export * from './ws-protections';
export * from './compiled-variables';
