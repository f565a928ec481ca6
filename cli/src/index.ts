export * from './system';
export * from './simulator';
