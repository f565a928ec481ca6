export * from './graphql-server';
export * from './ports';
export * from './limits';
