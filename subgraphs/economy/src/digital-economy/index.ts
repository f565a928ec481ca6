export * from './digital-economy.entity';
export * from './digital-economy.resolver';
export * from './digital-economy.seed-data';
