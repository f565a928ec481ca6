export * from './enums';
export * from './interfaces';
export * from './report.types';
export * from './scalars';
export * from './completeness.types';
export * from './pillar.types';
