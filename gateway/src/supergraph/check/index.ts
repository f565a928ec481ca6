export * from './breaking';
export * from './check';
export * from './policy';
export * from './summarise';
export * from './wall-operations';
