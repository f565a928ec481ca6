import type { DigitalEconomyEntity } from './digital-economy.entity';

/** From the articles: Thái Nguyên's digital-economy revenue, ~10 billion USD (002, 2022). */
export const DIGITAL_ECONOMY: Omit<DigitalEconomyEntity, 'id'>[] = [
  { unitCode: '19', year: 2022, revenueUsd: 10_000_000_000, grdpShare: null, cashlessPaymentPoints: null, ecommerceFarmHouseholds: null, source: '002_db113c3cec7f010c' },
];
