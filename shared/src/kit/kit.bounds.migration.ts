import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An indicator's own bounds and precision (null: its unit's defaults, see value-rules.ts). */
export class IndicatorKitBounds1764480000000 implements MigrationInterface {
  name = 'IndicatorKitBounds1764480000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE indicator ADD COLUMN min_value double precision, ADD COLUMN max_value double precision,
        ADD COLUMN decimals int CHECK (decimals BETWEEN 0 AND 10);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE indicator DROP COLUMN decimals, DROP COLUMN max_value, DROP COLUMN min_value;`);
  }
}
