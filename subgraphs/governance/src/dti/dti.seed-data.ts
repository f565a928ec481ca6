import type { DtiScoreEntity } from './dti-score.entity';

/** DTI ranks from the articles (scores are not given there). */
export const DTI_SCORES: Omit<DtiScoreEntity, 'id'>[] = [
  { unitCode: '19', year: 2020, rank: 12, score: null, source: '002_db113c3cec7f010c' },
  { unitCode: '19', year: 2021, rank: 8, score: null, source: '002_db113c3cec7f010c' },
  { unitCode: '70', year: 2021, rank: 9, score: null, source: '000_c275e4610829ebf1' },
  { unitCode: '70', year: 2022, rank: 9, score: null, source: '000_c275e4610829ebf1' },
];
