import { gql } from '../../support/system';

/** One writer at a steady rate: every reading it reports, and the cursors the graph gave back. */
export interface SteadyWriter {
  /** Cursors of the rows the graph said it stored. */
  written: string[];
  /** Writes answered with an error (nothing stored, the answer says so). */
  refused: number;
  /** Answer times, in ms. */
  latencies: { at: number; ms: number }[];
  stop(): Promise<void>;
}

const REPORT = (pillar: 'Governance' | 'Economy') => `mutation ($input: [ObservationInput!]!) {
  report${pillar}Observations(input: $input) { rows { outcome reason cursor } }
}`;

/**
 * Reports one observation every `everyMs` (values 1, 2, 3…) through the gateway, in sequence; a
 * write that fails (database away) counts as refused, not written.
 */
export function steadyWriter(
  gatewayUrl: string,
  headers: Record<string, string>,
  row: { pillar: 'Governance' | 'Economy'; indicatorCode: string; unitCode: string; period: string },
  everyMs = 100,
): SteadyWriter {
  let running = true;
  const w: SteadyWriter = { written: [], refused: 0, latencies: [], stop: async () => { running = false; await loop; } };
  const loop = (async () => {
    for (let value = 1; running; value++) {
      const t0 = Date.now();
      try {
        const res = await gql<Record<string, { rows: { cursor: string | null }[] }>>(
          gatewayUrl, REPORT(row.pillar), { input: [{ indicatorCode: row.indicatorCode, unitCode: row.unitCode, period: row.period, value }] }, headers,
        );
        const cursor = res.data?.[`report${row.pillar}Observations`]?.rows[0]?.cursor;
        if (cursor) w.written.push(cursor);
        else w.refused++;
      } catch {
        w.refused++;
      }
      w.latencies.push({ at: t0, ms: Date.now() - t0 });
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return w;
}

/** Readings written but never delivered, and readings delivered more than once. */
export function tally(written: string[], delivered: string[]): { lost: string[]; duplicated: number } {
  const got = new Set(delivered);
  return { lost: written.filter((c) => !got.has(c)), duplicated: delivered.length - got.size };
}
