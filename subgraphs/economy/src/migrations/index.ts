import { EconomyDomain1763790000000 } from './1763790000000-economy-domain';

/** Economy's migrations, run after the kit's, in order. */
export const ECONOMY_MIGRATIONS = [EconomyDomain1763790000000];
