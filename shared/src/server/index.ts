export * from './graphql-server';
export * from './ports';
