export * from './auth';
export * from './close-codes';
export * from './executor';
export * from './planner';
export * from './protocol';
export * from './server';
export * from './topic';
export * from './upstream';
