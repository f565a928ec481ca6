export * from './dossier-flow.entity';
export * from './dossier.resolver';
export * from './dossier.service';
export * from './dossiers.seed-data';
