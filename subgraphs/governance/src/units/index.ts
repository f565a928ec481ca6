export * from './unit.type';
export * from './units.resolver';
