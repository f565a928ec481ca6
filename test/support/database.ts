import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * A fresh database on the test run's PostgreSQL, so test files do not see each other's data.
 * Returns its URL and how to drop it.
 */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.IOC_TEST_DATABASE_URL;
  if (!base) throw new Error('IOC_TEST_DATABASE_URL is not set: run e2e tests through jest (globalSetup starts PostgreSQL)');
  const name = `ioc_test_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Runs `text` (one or more statements) on the database at `url` on a connection of its own; the rows of its last result. */
export async function sqlAt(url: string, text: string): Promise<Record<string, unknown>[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const res = await c.query(text);
    return (Array.isArray(res) ? res[res.length - 1] : res).rows as Record<string, unknown>[];
  } finally {
    await c.end();
  }
}
