export * from './service-process';
export * from './backoff';
