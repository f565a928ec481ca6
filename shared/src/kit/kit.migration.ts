import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tables of the indicator kit and the unit reference, created in the subgraph's own schema (the
 * connection's search_path). Every subgraph lists this first among its migrations.
 */
export class IndicatorKit1763780000000 implements MigrationInterface {
  name = 'IndicatorKit1763780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE administrative_unit (
        code text PRIMARY KEY,
        statistical_code text NOT NULL,
        name text NOT NULL,
        short_name text NOT NULL,
        level text NOT NULL CHECK (level IN ('PROVINCE','DISTRICT','COMMUNE')),
        parent_code text REFERENCES administrative_unit(code),
        valid_from date NOT NULL,
        valid_to date,
        successor_code text
      );
      CREATE INDEX administrative_unit_parent ON administrative_unit(parent_code);

      CREATE TABLE indicator (
        code text PRIMARY KEY,
        name text NOT NULL,
        name_en text,
        pillar text NOT NULL,
        unit text NOT NULL,
        direction text NOT NULL CHECK (direction IN ('HIGHER_IS_BETTER','LOWER_IS_BETTER')),
        frequency text NOT NULL CHECK (frequency IN ('YEARLY','QUARTERLY','MONTHLY','DAILY','LIVE')),
        aggregation text NOT NULL CHECK (aggregation IN ('SUM','AVERAGE','LAST','RATIO')),
        numerator_code text,
        denominator_code text,
        multiplier double precision,
        agency_code text NOT NULL,
        legal_basis text,
        description text
      );

      CREATE TABLE indicator_target (
        id serial PRIMARY KEY,
        indicator_code text NOT NULL REFERENCES indicator(code),
        year int NOT NULL,
        unit_code text,
        value double precision NOT NULL,
        legal_basis text NOT NULL,
        source text NOT NULL
      );
      CREATE UNIQUE INDEX indicator_target_key ON indicator_target(indicator_code, year, coalesce(unit_code, ''));

      CREATE TABLE observation (
        id bigserial PRIMARY KEY,
        indicator_code text NOT NULL REFERENCES indicator(code),
        unit_code text NOT NULL,
        period text NOT NULL,
        period_start timestamptz NOT NULL,
        period_end timestamptz NOT NULL,
        value double precision NOT NULL,
        status char(1) NOT NULL CHECK (status IN ('A','P','E')),
        source text,
        reported_by text NOT NULL,
        revision int NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        superseded_at timestamptz
      );
      -- one current revision per (indicator, unit, period); also serialises concurrent reports of it
      CREATE UNIQUE INDEX observation_current ON observation(indicator_code, unit_code, period) WHERE superseded_at IS NULL;
      CREATE INDEX observation_series ON observation(indicator_code, unit_code, period_start) WHERE superseded_at IS NULL;

      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        seq bigint UNIQUE,
        kind text NOT NULL CHECK (kind IN ('reading','alert')),
        observation_id bigint NOT NULL REFERENCES observation(id),
        payload jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX outbox_unsequenced ON outbox(id) WHERE seq IS NULL;
      CREATE INDEX outbox_observation ON outbox(observation_id);
      CREATE SEQUENCE outbox_seq;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP SEQUENCE outbox_seq;
      DROP TABLE outbox; DROP TABLE observation; DROP TABLE indicator_target;
      DROP TABLE indicator; DROP TABLE administrative_unit;
    `);
  }
}
