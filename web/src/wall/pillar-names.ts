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

export type PillarTitle = { vi: string; en: string | null };

/** A pillar's title: Vietnamese first, the English beside when known. */
export function pillarName(f: Pick<LiveField, 'pillar' | 'name'>): PillarTitle {
  return f.name ?? CORE_NAMES[f.pillar] ?? { vi: f.pillar.charAt(0).toUpperCase() + f.pillar.slice(1), en: null };
}

const STORAGE_KEY = 'ioc-wall:pillar-names';

/**
 * The last name each pillar published. While a partner is down the gateway still serves its fields
 * (composed from the cached SDL) but `<pillar>Pillar` errors, so discovery brings no name: the page
 * keeps the name it last had instead of falling back to the field prefix. Kept in localStorage too,
 * so a wall reloaded during the outage still shows it.
 */
export class PillarNames {
  private readonly known: Map<string, PillarTitle>;

  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null = safeLocalStorage()) {
    this.known = new Map(Object.entries(readStored(storage)));
  }

  /** The pillar's title: its published name, else the last one it published, else {@link pillarName}. */
  of(f: Pick<LiveField, 'pillar' | 'name'>): PillarTitle {
    if (f.name) {
      const was = this.known.get(f.pillar);
      if (was?.vi !== f.name.vi || was?.en !== f.name.en) this.remember(f.pillar, f.name);
      return f.name;
    }
    return this.known.get(f.pillar) ?? pillarName(f);
  }

  private remember(pillar: string, name: PillarTitle): void {
    this.known.set(pillar, name);
    try {
      this.storage?.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries(this.known)));
    } catch {
      /* storage full or refused: the name is still kept for this page's life */
    }
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // a browser that refuses storage (opaque origin, privacy settings)
  }
}

function readStored(storage: Pick<Storage, 'getItem'> | null): Record<string, PillarTitle> {
  try {
    const parsed = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '{}') as unknown;
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(
      Object.entries(parsed as Record<string, unknown>).filter(
        (e): e is [string, PillarTitle] => typeof (e[1] as PillarTitle)?.vi === 'string' && ['string', 'object'].includes(typeof (e[1] as PillarTitle).en),
      ),
    );
  } catch {
    return {}; // unreadable: names come again with the next discovery
  }
}
