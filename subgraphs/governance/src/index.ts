export * from './agencies';
export * from './dossiers';
export * from './dti';
export * from './governance.subgraph';
export * from './identity';
export * from './public-services';
export * from './units';
