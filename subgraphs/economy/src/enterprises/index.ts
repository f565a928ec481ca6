export * from './enterprise-adoption.entity';
export * from './enterprise-adoption.resolver';
export * from './enterprise-adoption.service';
export * from './enterprises.seed-data';
