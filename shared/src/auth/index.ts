export * from './roles';
export * from './secrets';
export * from './tokens';
