import { BatchLoader, loaderPerContext } from './batch-loader';
import type { KitServices } from './kit';
import type { ReadingRow } from './reading';
import type { SeriesRequest } from './readings.service';

/**
 * Per-request batching of `PIndicator.latest` and `PIndicator.series`: every call a request makes
 * (one per indicator, times the units it is asked for) is answered by one query (latest: one more
 * for roll-ups), not one query per call.
 */
export function readingLoaders(services: () => KitServices) {
  return {
    /** `(ctx) => loader` of a unit's latest reading of an indicator (null: none, not even rolled up). */
    latest: loaderPerContext(() => new BatchLoader<{ indicatorCode: string; unitCode: string }, ReadingRow | null>(
      // A VALUE_OUT_OF_RANGE error among the answers rejects that pair's load only (see BatchLoader).
      (pairs) => services().readings.latestMany(pairs),
      (k) => `${k.indicatorCode}\u0000${k.unitCode}`,
    )),
    /** `(ctx) => loader` of an indicator's series for a unit, oldest first. */
    series: loaderPerContext(() => new BatchLoader<SeriesRequest, ReadingRow[]>(
      (requests) => services().readings.seriesMany(requests),
      (r) => JSON.stringify([r.indicatorCode, r.unitCode, r.from ?? null, r.to ?? null, !!r.includePredecessors]),
    )),
  };
}
