export * from './compose';
export * from './supergraph-config';
export * from './core';
export * from './sdl-cache';
export * from './supergraph-manager';
export * from './check';
