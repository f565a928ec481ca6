import { type RunningSystem, startSystem } from '@ioc-graph/cli';
import { createTestDatabase } from './database';

export interface TestSystem extends RunningSystem {
  /** The gateway's GraphQL URL. */
  url: string;
  /** The gateway's WebSocket URL. */
  wsUrl: string;
}

/**
 * The whole graph for a test file: its own database, the three subgraphs and the gateway as real
 * processes on free ports. Output is kept quiet unless IOC_TEST_LOGS=1.
 */
export async function startTestSystem(env: NodeJS.ProcessEnv = {}): Promise<TestSystem> {
  const db = await createTestDatabase();
  const system = await startSystem({
    databaseUrl: db.url,
    ports: { governance: 0, economy: 0, society: 0, gateway: 0 },
    env: { LOG_LEVEL: process.env.IOC_TEST_LOGS ? 'info' : 'warn', ...env },
    onLine: process.env.IOC_TEST_LOGS ? (s, l) => console.log(`[${s}] ${l}`) : undefined,
  });
  return {
    ...system,
    url: system.gateway.url,
    wsUrl: system.gateway.url.replace(/^http/, 'ws'),
    dispose: async () => {
      await system.dispose();
      await db.drop();
    },
  };
}

/** Posts a GraphQL operation; returns the parsed body (data and errors). */
export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: T; errors?: { message: string }[] };
}
