import { Client } from 'pg';
import { DataSource, type MixedList, type EntitySchema } from 'typeorm';

export interface SchemaDataSourceOptions {
  url: string;
  /** The PostgreSQL schema this subgraph owns, e.g. `governance`. */
  schema: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  /** @default 10 */
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens a TypeORM DataSource confined to one schema (created if missing) and runs that schema's
 * migrations. No `synchronize`: the migrations are the schema's history.
 */
export async function openSchemaDataSource(options: SchemaDataSourceOptions): Promise<DataSource> {
  if (!SCHEMA_NAME.test(options.schema)) throw new Error(`Invalid schema name "${options.schema}"`);
  const admin = new Client({ connectionString: options.url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
  } finally {
    await admin.end();
  }
  const ds = new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    poolSize: options.poolSize ?? 10,
    // Unqualified names in raw SQL and migrations resolve to the subgraph's own schema.
    extra: { options: `-c search_path=${options.schema}` },
  });
  await ds.initialize();
  try {
    await ds.runMigrations();
  } catch (err) {
    await ds.destroy();
    throw new Error(`Migrations of schema "${options.schema}" failed: ${(err as Error).message}`);
  }
  return ds;
}
