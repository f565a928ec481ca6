import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Observations become append-only in the database, and the outbox loses its foreign key to them.
 *
 * Why: the key `outbox.observation_id → observation(id)` and the index `outbox_observation` that
 * served only it cost PostgreSQL 10–20 ms per 1,000 stored readings (EXPLAIN ANALYZE of a batch:
 * the RI trigger locks every new observation row again, FOR KEY SHARE, and the index takes an entry
 * per outbox row) — about a third of what a plain multi-row INSERT of the same rows costs it.
 *
 * How integrity is kept, at no cost per inserted row: an outbox row is written from the RETURNING id
 * of its observation, in the same statement (readings), or from ids the same transaction has read
 * (alerts); and no observation can ever go away or change identity afterwards — DELETE and TRUNCATE
 * of `observation` are refused (statement-level triggers: they fire once per statement, never per
 * inserted row), and an UPDATE may only set `superseded_at` once, on a current revision (what
 * IngestionService does when a correction arrives; a row-level trigger on UPDATE only, ≈5 ms per
 * 1,000 corrected rows, less than the foreign key's check of their outbox rows). So no outbox
 * row can point at a missing observation. The feed and the cursors read through
 * `outbox_reading_seq (observation_id, seq) WHERE kind = 'reading'`, not the dropped index.
 */
export class IndicatorKitAppendOnly1764490000000 implements MigrationInterface {
  name = 'IndicatorKitAppendOnly1764490000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION observation_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        probe record;
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          -- NEW with superseded_at cleared must equal OLD in every column, whatever columns the
          -- table gains later (a row comparison: 5 µs per row, where to_jsonb took 28)
          probe := NEW;
          probe.superseded_at := NULL;
          IF OLD.superseded_at IS NULL AND NEW.superseded_at IS NOT NULL AND probe IS NOT DISTINCT FROM OLD THEN
            RETURN NEW;
          END IF;
          RAISE EXCEPTION 'observation % may not be changed: observations are append-only (a correction is a new revision; only superseded_at may be set, once)', OLD.id
            USING ERRCODE = 'restrict_violation';
        END IF;
        RAISE EXCEPTION 'observations may not be deleted (%): they are append-only, and the feed''s outbox refers to them', TG_OP
          USING ERRCODE = 'restrict_violation';
      END $$;
      CREATE TRIGGER observation_no_delete BEFORE DELETE OR TRUNCATE ON observation
        FOR EACH STATEMENT EXECUTE FUNCTION observation_append_only();
      CREATE TRIGGER observation_supersede_only BEFORE UPDATE ON observation
        FOR EACH ROW EXECUTE FUNCTION observation_append_only();
      ALTER TABLE outbox DROP CONSTRAINT outbox_observation_id_fkey;
      DROP INDEX outbox_observation;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX outbox_observation ON outbox(observation_id);
      ALTER TABLE outbox ADD CONSTRAINT outbox_observation_id_fkey FOREIGN KEY (observation_id) REFERENCES observation(id);
      DROP TRIGGER observation_supersede_only ON observation;
      DROP TRIGGER observation_no_delete ON observation;
      DROP FUNCTION observation_append_only();
    `);
  }
}
