export * from './feed-metrics';
export * from './http-observability';
export * from './metrics';
export * from './request-id';
export * from './tracing';
