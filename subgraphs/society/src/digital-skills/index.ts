export * from './digital-skills.entity';
export * from './digital-skills.resolver';
export * from './digital-skills.seed-data';
