export * from './indicator.entity';
export * from './observation.entity';
export * from './outbox.entity';
export * from './target.entity';
