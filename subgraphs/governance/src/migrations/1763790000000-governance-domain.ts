import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Governance's own data: agencies, administrative dossier flows, DTI rankings. */
export class GovernanceDomain1763790000000 implements MigrationInterface {
  name = 'GovernanceDomain1763790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agency (
        code text PRIMARY KEY,
        name text NOT NULL,
        name_en text NOT NULL,
        unit_code text REFERENCES administrative_unit(code)
      );
      CREATE INDEX agency_unit ON agency(unit_code);

      CREATE TABLE dossier_flow (
        id serial PRIMARY KEY,
        unit_code text NOT NULL REFERENCES administrative_unit(code),
        period text NOT NULL,
        received_online int NOT NULL CHECK (received_online >= 0),
        received_offline int NOT NULL CHECK (received_offline >= 0),
        resolved_on_time int NOT NULL CHECK (resolved_on_time >= 0),
        resolved_late int NOT NULL CHECK (resolved_late >= 0),
        source text,
        reported_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (unit_code, period)
      );

      CREATE TABLE dti_score (
        id serial PRIMARY KEY,
        unit_code text NOT NULL REFERENCES administrative_unit(code),
        year int NOT NULL,
        rank int CHECK (rank >= 1),
        score double precision CHECK (score >= 0),
        source text NOT NULL,
        UNIQUE (unit_code, year)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dti_score; DROP TABLE dossier_flow; DROP TABLE agency;`);
  }
}
