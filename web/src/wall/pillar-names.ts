import type { LiveField } from './api';

/**
 * Until every subgraph publishes `<pillar>Pillar { name nameEn }` (from its definition's
 * `pillarName`), the core pillars' names; a partner without one shows its field prefix.
 */
const CORE_NAMES: Record<string, { vi: string; en: string }> = {
  governance: { vi: 'Chính quyền số', en: 'Digital government' },
  economy: { vi: 'Kinh tế số', en: 'Digital economy' },
  society: { vi: 'Xã hội số', en: 'Digital society' },
};

/** A pillar's title: Vietnamese first, the English beside when known. */
export function pillarName(f: Pick<LiveField, 'pillar' | 'name'>): { vi: string; en: string | null } {
  return f.name ?? CORE_NAMES[f.pillar] ?? { vi: f.pillar.charAt(0).toUpperCase() + f.pillar.slice(1), en: null };
}
