import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Economy's own data: enterprises' digital adoption and the digital economy, per unit and year. */
export class EconomyDomain1763790000000 implements MigrationInterface {
  name = 'EconomyDomain1763790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE enterprise_adoption (
        id serial PRIMARY KEY,
        unit_code text NOT NULL REFERENCES administrative_unit(code),
        year int NOT NULL,
        etax_enterprises int CHECK (etax_enterprises >= 0),
        etax_rate double precision CHECK (etax_rate BETWEEN 0 AND 100),
        einvoice_rate double precision CHECK (einvoice_rate BETWEEN 0 AND 100),
        econtract_enterprises int CHECK (econtract_enterprises >= 0),
        sme_programme_supported int CHECK (sme_programme_supported >= 0),
        pilot_enterprises int CHECK (pilot_enterprises >= 0),
        pilot_cooperatives int CHECK (pilot_cooperatives >= 0),
        source text NOT NULL,
        UNIQUE (unit_code, year)
      );
      CREATE TABLE digital_economy (
        id serial PRIMARY KEY,
        unit_code text NOT NULL REFERENCES administrative_unit(code),
        year int NOT NULL,
        revenue_usd double precision CHECK (revenue_usd >= 0),
        grdp_share double precision CHECK (grdp_share BETWEEN 0 AND 100),
        cashless_payment_points int CHECK (cashless_payment_points >= 0),
        ecommerce_farm_households int CHECK (ecommerce_farm_households >= 0),
        source text NOT NULL,
        UNIQUE (unit_code, year)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE digital_economy; DROP TABLE enterprise_adoption;`);
  }
}
