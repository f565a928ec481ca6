import type { GraphQLSchema } from 'graphql';

export interface FuzzDocument { kind: string; query: string; variables?: Record<string, unknown> }
export interface FuzzViolation { seed: number; n: number; docKind: string; transport: string; violation: string }
export interface FuzzResult {
  sent: number;
  /** Answers by kind, e.g. `http 400 error OPERATION_LIMIT_EXCEEDED`, `ws next data`. */
  byKind: Record<string, number>;
  byDocKind: Record<string, number>;
  violations: FuzzViolation[];
  /** Milliseconds, sorted. */
  latencies: number[];
}
export function prng(seed: number): { next(): number; int(lo: number, hi: number): number; pick<T>(xs: T[]): T; chance(p: number): boolean };
export function fetchSchema(url: string): Promise<GraphQLSchema>;
export function createGenerator(schema: GraphQLSchema, seed: number): { next(): FuzzDocument; transport(): 'http' | 'ws' };
export function classifyHttp(status: number, text: string): { kind: string; violation?: string };
export function runFuzz(options: {
  url: string; wsUrl: string; schema: GraphQLSchema; seed?: number; count?: number; durationMs?: number;
  concurrency?: number; timeoutMs?: number; onProgress?: (sent: number) => void;
}): Promise<FuzzResult>;
export function percentile(sorted: number[], p: number): number;
/** Bytes. */
export function rssOf(pid: number): number;
