export * from './env';
export * from './bad-ports';
export * from './wall-layout.schema';
