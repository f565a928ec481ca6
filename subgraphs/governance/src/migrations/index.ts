import { GovernanceDomain1763790000000 } from './1763790000000-governance-domain';

/** Governance's migrations, run after the kit's, in order. */
export const GOVERNANCE_MIGRATIONS = [GovernanceDomain1763790000000];
