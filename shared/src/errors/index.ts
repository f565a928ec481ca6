export * from './error-codes';
export * from './database-errors';
