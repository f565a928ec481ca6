export * from './telecom.entity';
export * from './telecom.resolver';
export * from './telecom.seed-data';
