import { GovernanceDomain1763790000000 } from './1763790000000-governance-domain';
import { ServicesIdentity1763800000000 } from './1763800000000-services-identity';

/** Governance's migrations, run after the kit's, in order. */
export const GOVERNANCE_MIGRATIONS = [GovernanceDomain1763790000000, ServicesIdentity1763800000000];
