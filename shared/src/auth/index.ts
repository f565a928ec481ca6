export * from './roles';
export * from './local-secrets';
export * from './secrets';
export * from './tokens';
