export * from './agencies.seed-data';
export * from './agency.entity';
export * from './agency.resolver';
