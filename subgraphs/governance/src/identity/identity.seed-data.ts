import type { IdentityEntity } from './identity.entity';

/** From article 001: La Gi 2023 — 96,376 chip-IDs of 104,080 eligible, 8,352 eID applications, 1,828 eID accounts, 128,402 people in the population database. */
export const IDENTITY: Omit<IdentityEntity, 'id' | 'issuanceRate'>[] = [
  { unitCode: '594', year: 2023, eligible: 104080, chipIdsIssued: 96376, eidApplications: 8352, eidAccounts: 1828, populationRecords: 128402, source: '001_55716df2aa7fbea7' },
];
