export * from './dti-score.entity';
export * from './dti.resolver';
export * from './dti.seed-data';
