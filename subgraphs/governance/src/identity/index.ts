export * from './identity.entity';
export * from './identity.resolver';
export * from './identity.seed-data';
