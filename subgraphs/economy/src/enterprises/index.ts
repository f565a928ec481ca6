export * from './enterprise-adoption.entity';
export * from './enterprise-adoption.resolver';
export * from './enterprises.seed-data';
