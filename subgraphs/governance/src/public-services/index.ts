export * from './public-service.entity';
export * from './public-service.resolver';
export * from './public-services.seed-data';
