import { KIT_MIGRATIONS, openSchemaDataSource } from '@ioc-graph/kit/internal';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '../support/database';

// The kit's observations are append-only in the database (IndicatorKitAppendOnly1764490000000):
// that, not a foreign key, is what keeps every outbox row pointing at an existing observation.
describe("the kit's observations in the database", () => {
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;

  const insertObservation = async (period: string, value: number): Promise<string> => {
    const [{ id }] = await ds.query(
      `WITH ins AS (
         INSERT INTO observation (indicator_code, unit_code, period, period_start, period_end, value, status, reported_by, revision)
         VALUES ('T_RATE', '01', $1, '2024-01-01', '2025-01-01', $2, 'A', 'test', 1) RETURNING id),
       box AS (INSERT INTO outbox (kind, observation_id) SELECT 'reading', id FROM ins)
       SELECT id FROM ins`,
      [period, value],
    );
    return String(id);
  };
  const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('the database accepted it'); }, (err: { code?: string; message: string }) => err);

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openSchemaDataSource({ url: db.url, schema: 'kit_append_only', entities: [], migrations: KIT_MIGRATIONS });
    await ds.query(`INSERT INTO indicator (code, name, pillar, unit, direction, frequency, aggregation, agency_code)
                    VALUES ('T_RATE', 'test', 'GOVERNANCE', '%', 'HIGHER_IS_BETTER', 'YEARLY', 'AVERAGE', 'T')`);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('should refuse to delete an observation, naming why', async () => {
    const id = await insertObservation('2020', 1);
    const err = await failure(ds.query(`DELETE FROM observation WHERE id = $1`, [id]));
    expect(err.code).toBe('23001');
    expect(err.message).toMatch(/observations may not be deleted \(DELETE\): they are append-only/);
    expect(await ds.query(`SELECT id FROM observation WHERE id = $1`, [id])).toHaveLength(1);
  });

  it('should refuse to truncate the observations, even with the outbox', async () => {
    await insertObservation('2021', 1);
    const err = await failure(ds.query(`TRUNCATE observation, outbox`));
    expect(err.code).toBe('23001');
    expect(err.message).toMatch(/observations may not be deleted \(TRUNCATE\)/);
    expect(Number((await ds.query(`SELECT count(*) AS n FROM observation`))[0].n)).toBeGreaterThan(0);
  });

  it('should refuse an UPDATE that changes anything but superseded_at', async () => {
    const id = await insertObservation('2022', 1);
    for (const set of [`value = 2`, `id = id + 1000`, `status = 'E'`, `superseded_at = now(), value = 2`, `superseded_at = NULL`]) {
      const err = await failure(ds.query(`UPDATE observation SET ${set} WHERE id = $1`, [id]));
      expect(err.code).toBe('23001');
      expect(err.message).toMatch(new RegExp(`observation ${id} may not be changed: observations are append-only`));
    }
    expect(await ds.query(`SELECT value, status, superseded_at FROM observation WHERE id = $1`, [id])).toEqual([{ value: 1, status: 'A', superseded_at: null }]);
  });

  it('should let a current revision be superseded once, and never again', async () => {
    const first = await insertObservation('2023', 1);
    // what IngestionService does with a correction
    await ds.query(`UPDATE observation SET superseded_at = now() WHERE id = ANY($1::bigint[])`, [[first]]);
    const second = await insertObservation('2023', 2);
    const current = await ds.query(`SELECT id FROM observation WHERE indicator_code = 'T_RATE' AND period = '2023' AND superseded_at IS NULL`);
    expect(current.map((r: { id: string }) => String(r.id))).toEqual([second]);
    const err = await failure(ds.query(`UPDATE observation SET superseded_at = now() WHERE id = $1`, [first]));
    expect(err.code).toBe('23001');
  });

  it('should have no foreign key from the outbox and keep the index its readers use', async () => {
    const constraints = await ds.query(`SELECT conname FROM pg_constraint WHERE conrelid = 'outbox'::regclass AND contype = 'f'`);
    expect(constraints).toEqual([]);
    const indexes = (await ds.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'kit_append_only' AND tablename = 'outbox'`)).map((r: { indexname: string }) => r.indexname);
    expect(indexes).toContain('outbox_reading_seq');
    expect(indexes).not.toContain('outbox_observation');
  });

  it('should restore the foreign key and lift the rules when the migration is reverted', async () => {
    await ds.undoLastMigration({ transaction: 'each' });
    try {
      const constraints = await ds.query(`SELECT conname FROM pg_constraint WHERE conrelid = 'outbox'::regclass AND contype = 'f'`);
      expect(constraints).toEqual([{ conname: 'outbox_observation_id_fkey' }]);
      const id = await insertObservation('2019', 1);
      const err = await failure(ds.query(`DELETE FROM observation WHERE id = $1`, [id]));
      expect(err.code).toBe('23503'); // the foreign key's refusal again, not the trigger's
      await ds.query(`UPDATE observation SET value = 3 WHERE id = $1`, [id]);
    } finally {
      await ds.runMigrations({ transaction: 'each' });
    }
    expect(await ds.query(`SELECT conname FROM pg_constraint WHERE conrelid = 'outbox'::regclass AND contype = 'f'`)).toEqual([]);
  });
});
