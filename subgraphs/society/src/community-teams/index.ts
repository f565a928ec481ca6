export * from './community-team.entity';
export * from './community-team.resolver';
export * from './community-teams.seed-data';
