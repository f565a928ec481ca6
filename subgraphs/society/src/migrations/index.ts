import { SocietyDomain1763790000000 } from './1763790000000-society-domain';

/** Society's migrations, run after the kit's, in order. */
export const SOCIETY_MIGRATIONS = [SocietyDomain1763790000000];
