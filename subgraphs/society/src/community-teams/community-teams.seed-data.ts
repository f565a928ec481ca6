import type { CommunityTeamEntity } from './community-team.entity';

/** From the articles: Bình Định Oct 2022 (003), Bình Phước Aug 2022 (000: 111 commune + 843 village teams). */
export const COMMUNITY_TEAMS: Omit<CommunityTeamEntity, 'id'>[] = [
  { unitCode: '52', period: '2022-10', teams: 1116, members: 4353, householdsReached: null, communesCovered: 159, source: '003_d554e934a09f800e' },
  { unitCode: '70', period: '2022-08', teams: 954, members: null, householdsReached: null, communesCovered: 111, source: '000_c275e4610829ebf1' },
];
