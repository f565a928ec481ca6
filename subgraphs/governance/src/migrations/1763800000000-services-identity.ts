import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Online public services and digital signatures; chip-ID issuance and electronic identification (Đề án 06). */
export class ServicesIdentity1763800000000 implements MigrationInterface {
  name = 'ServicesIdentity1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE public_service_provision (
        id serial PRIMARY KEY,
        unit_code text NOT NULL REFERENCES administrative_unit(code),
        year int NOT NULL,
        online_services int CHECK (online_services >= 0),
        level4_rate double precision CHECK (level4_rate BETWEEN 0 AND 100),
        digital_signatures int CHECK (digital_signatures >= 0),
        source text NOT NULL,
        UNIQUE (unit_code, year)
      );
      CREATE TABLE identity_issuance (
        id serial PRIMARY KEY,
        unit_code text NOT NULL REFERENCES administrative_unit(code),
        year int NOT NULL,
        eligible int CHECK (eligible >= 0),
        chip_ids_issued int CHECK (chip_ids_issued >= 0),
        eid_applications int CHECK (eid_applications >= 0),
        eid_accounts int CHECK (eid_accounts >= 0),
        population_records int CHECK (population_records >= 0),
        source text NOT NULL,
        UNIQUE (unit_code, year)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity_issuance; DROP TABLE public_service_provision;`);
  }
}
