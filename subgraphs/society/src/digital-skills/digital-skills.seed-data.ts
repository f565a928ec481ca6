import type { DigitalSkillsEntity } from './digital-skills.entity';

/** From the articles: C-Thái Nguyên ~230,000 downloads (002, 2022); Bình Phước's 60 % skills target for 2025 (000). */
export const DIGITAL_SKILLS: Omit<DigitalSkillsEntity, 'id'>[] = [
  { unitCode: '19', year: 2022, peopleTrained: null, basicSkillsRate: null, targetRate: null, citizenApp: 'C-Thái Nguyên', citizenAppDownloads: 230000, source: '002_db113c3cec7f010c' },
  { unitCode: '70', year: 2025, peopleTrained: null, basicSkillsRate: null, targetRate: 60, citizenApp: null, citizenAppDownloads: null, source: '000_c275e4610829ebf1' },
];
