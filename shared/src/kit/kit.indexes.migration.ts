import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for reading the latest observations: a unit's latest per indicator (and the latest of an
 * indicator for a unit), newest first, and an observation's feed position (`max(seq)` of its
 * reading rows in the outbox) by an index-only look-up.
 */
export class IndicatorKitReadIndexes1763810000000 implements MigrationInterface {
  name = 'IndicatorKitReadIndexes1763810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX observation_latest ON observation(unit_code, indicator_code, period_start DESC, id DESC) WHERE superseded_at IS NULL;
      CREATE INDEX outbox_reading_seq ON outbox(observation_id, seq) WHERE kind = 'reading';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outbox_reading_seq; DROP INDEX observation_latest;`);
  }
}
