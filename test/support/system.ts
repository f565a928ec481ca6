import { type RunningSystem, startSystem } from '@ioc-graph/cli';
import { createTestDatabase } from './database';
import { trackDisposable } from './harness';

/**
 * A supergraph.yaml with the three core subgraphs only, their URLs from the variables the system
 * sets; fault scenarios append their partner entries to it.
 */
export const CORE_SUPERGRAPH_CONFIG = `federation_version: =2.7.0
subgraphs:
  governance:
    routing_url: \${env.GOVERNANCE_URL}
  economy:
    routing_url: \${env.ECONOMY_URL}
  society:
    routing_url: \${env.SOCIETY_URL}
`;

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
  const starting = startSystem({
    databaseUrl: db.url,
    ports: { governance: 0, economy: 0, society: 0, gateway: 0 },
    env: { LOG_LEVEL: process.env.IOC_TEST_LOGS ? 'info' : 'warn', ...env },
    onLine: process.env.IOC_TEST_LOGS ? (s, l) => console.log(`[${s}] ${l}`) : undefined,
  });
  // Disposed by the harness if the test never gets it (a beforeAll that times out or throws) or
  // never disposes it; its processes are tracked from their spawn (see harness.ts).
  const untrackStart = trackDisposable(
    async () => {
      await (await starting.catch(() => null))?.dispose();
      await db.drop();
    },
    { graceful: false },
  );
  let system: RunningSystem;
  try {
    system = await starting;
  } catch (err) {
    await db.drop().catch(() => undefined);
    throw err;
  } finally {
    untrackStart();
  }
  const dispose = async () => {
    untrack();
    await system.dispose();
    await db.drop();
  };
  const untrack = trackDisposable(dispose, { graceful: true });
  return {
    ...system,
    url: system.gateway.url,
    wsUrl: system.gateway.url.replace(/^http/, 'ws'),
    dispose,
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
