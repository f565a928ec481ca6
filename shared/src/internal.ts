import './observability/register-tracing'; // first: tracing patches pg and http as they load
import 'reflect-metadata';

export * from './auth';
export * from './config';
export * from './db';
export * from './federation';
export * from './kit';
export * from './log';
export * from './observability';
export * from './process';
export * from './random';
export * from './retry';
export * from './server';
export * from './subgraph';
export * from './units/unit.entity';
export * from './units/unit.seed.types';
export { UNITS } from './units/units.seed-data';
export * from './errors';
