export * from './community-team.entity';
export * from './community-team.resolver';
export * from './community-team.service';
export * from './community-teams.seed-data';
export * from './unit-society.resolver';
