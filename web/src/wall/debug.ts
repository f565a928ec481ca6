import type { LiveState } from './live';

/** What tests (and a curious operator's console) can read: `window.__wall`. */
export interface WallDebug {
  ready: boolean;
  live: LiveState;
  liveDetail: string;
  cursors: () => Record<string, string | null>;
  page: string;
  /** Page ids in tab order (changes when a pillar joins or leaves the graph). */
  pages: string[];
  /** Each pillar's state kind: loading, ready, failed, absent. */
  pillars: Record<string, string>;
  /** How many times the graph was introspected for pillars. */
  discoveries: number;
  received: number;
}

declare global {
  interface Window {
    __wall: WallDebug;
  }
}

export const debug: WallDebug = {
  ready: false,
  live: 'connecting',
  liveDetail: '',
  cursors: () => ({}),
  page: '',
  pages: [],
  pillars: {},
  discoveries: 0,
  received: 0,
};
window.__wall = debug;
