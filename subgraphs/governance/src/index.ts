export * from './agencies';
export * from './dossiers';
export * from './dti';
export * from './governance.subgraph';
export * from './units';
