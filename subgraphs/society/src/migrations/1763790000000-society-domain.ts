import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Society's own data: telecom infrastructure, community digital technology teams, skills and citizen apps. */
export class SocietyDomain1763790000000 implements MigrationInterface {
  name = 'SocietyDomain1763790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE telecom_infrastructure (
        id serial PRIMARY KEY,
        unit_code text NOT NULL REFERENCES administrative_unit(code),
        year int NOT NULL,
        commune_4g_coverage_rate double precision CHECK (commune_4g_coverage_rate BETWEEN 0 AND 100),
        commune_fibre_rate double precision CHECK (commune_fibre_rate BETWEEN 0 AND 100),
        mobile_broadband_mbps double precision CHECK (mobile_broadband_mbps >= 0),
        fixed_broadband_mbps double precision CHECK (fixed_broadband_mbps >= 0),
        source text NOT NULL,
        UNIQUE (unit_code, year)
      );
      CREATE TABLE community_tech_team_report (
        id serial PRIMARY KEY,
        unit_code text NOT NULL REFERENCES administrative_unit(code),
        period text NOT NULL,
        teams int CHECK (teams >= 0),
        members int CHECK (members >= 0),
        households_reached int CHECK (households_reached >= 0),
        communes_covered int CHECK (communes_covered >= 0),
        source text NOT NULL,
        UNIQUE (unit_code, period)
      );
      CREATE TABLE digital_skills (
        id serial PRIMARY KEY,
        unit_code text NOT NULL REFERENCES administrative_unit(code),
        year int NOT NULL,
        people_trained int CHECK (people_trained >= 0),
        basic_skills_rate double precision CHECK (basic_skills_rate BETWEEN 0 AND 100),
        target_rate double precision CHECK (target_rate BETWEEN 0 AND 100),
        citizen_app text,
        citizen_app_downloads int CHECK (citizen_app_downloads >= 0),
        source text NOT NULL,
        UNIQUE (unit_code, year)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE digital_skills; DROP TABLE community_tech_team_report; DROP TABLE telecom_infrastructure;`);
  }
}
