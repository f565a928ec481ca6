export * from './community-teams';
export * from './digital-skills';
export * from './society.subgraph';
export * from './telecom';
