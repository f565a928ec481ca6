export * from './alert';
export * from './feed-hub';
export * from './feed-stream';
export * from './change-feed';
export * from './feed-position';
