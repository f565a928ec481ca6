import type { Logger } from '../log';
import type { UnitSeed } from '../units/unit.seed.types';
import type { KitServices } from './kit';
import type { IndicatorSeed, ObservationSeed, TargetSeed } from './seed.types';
import type { DataSource } from 'typeorm';

export interface KitSeed {
  units: UnitSeed[];
  indicators: IndicatorSeed[];
  targets: TargetSeed[];
  observations: ObservationSeed[];
}

const LEVEL_ORDER = { PROVINCE: 0, DISTRICT: 1, COMMUNE: 2 } as const;

/**
 * Loads reference data and seed observations. Idempotent: definitions are upserted and
 * observations go through ingestion, which leaves unchanged rows alone.
 */
export async function seedKit(ds: DataSource, kit: KitServices, seed: KitSeed, logger: Logger): Promise<void> {
  await ds.transaction(async (em) => {
    const units = [...seed.units].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
    for (const u of units) {
      await em.query(
        `INSERT INTO administrative_unit (code, statistical_code, name, short_name, level, parent_code, valid_from, valid_to, successor_code)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)
         ON CONFLICT (code) DO UPDATE SET statistical_code = EXCLUDED.statistical_code, name = EXCLUDED.name,
           short_name = EXCLUDED.short_name, level = EXCLUDED.level, parent_code = EXCLUDED.parent_code,
           valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to, successor_code = EXCLUDED.successor_code`,
        [u.code, u.statisticalCode, u.name, u.shortName, u.level, u.parentCode, u.validFrom, u.validTo, u.successorCode],
      );
    }
    for (const i of seed.indicators) {
      await em.query(
        `INSERT INTO indicator (code, name, name_en, pillar, unit, direction, frequency, aggregation, numerator_code,
           denominator_code, multiplier, agency_code, legal_basis, description, min_value, max_value, decimals)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, name_en = EXCLUDED.name_en, pillar = EXCLUDED.pillar,
           unit = EXCLUDED.unit, direction = EXCLUDED.direction, frequency = EXCLUDED.frequency,
           aggregation = EXCLUDED.aggregation, numerator_code = EXCLUDED.numerator_code,
           denominator_code = EXCLUDED.denominator_code, multiplier = EXCLUDED.multiplier,
           agency_code = EXCLUDED.agency_code, legal_basis = EXCLUDED.legal_basis, description = EXCLUDED.description,
           min_value = EXCLUDED.min_value, max_value = EXCLUDED.max_value, decimals = EXCLUDED.decimals`,
        [i.code, i.name, i.nameEn, i.pillar, i.unit, i.direction, i.frequency, i.aggregation, i.numeratorCode ?? null,
          i.denominatorCode ?? null, i.multiplier ?? null, i.agencyCode, i.legalBasis ?? null, i.description ?? null,
          i.min ?? null, i.max ?? null, i.decimals ?? null],
      );
    }
    for (const t of seed.targets) {
      await em.query(
        `INSERT INTO indicator_target (indicator_code, year, unit_code, value, legal_basis, source)
         VALUES ($1,$2,$3,$4,$5,$6)
         ON CONFLICT (indicator_code, year, coalesce(unit_code, '')) DO UPDATE SET value = EXCLUDED.value,
           legal_basis = EXCLUDED.legal_basis, source = EXCLUDED.source`,
        [t.indicatorCode, t.year, t.unitCode, t.value, t.legalBasis, t.source],
      );
    }
  });
  await kit.catalog.reload();
  const summary = await kit.ingestion.report(seed.observations, { reportedBy: 'seed' });
  if (summary.rejected) {
    for (const r of summary.rows.filter((x) => x.reason)) logger.error({ row: r }, 'seed row rejected');
    throw new Error(`${summary.rejected} seed observations were rejected: ${summary.rows.find((r) => r.reason)?.reason}`);
  }
  logger.info({ imported: summary.imported, updated: summary.updated, unchanged: summary.unchanged }, 'seed loaded');
}
