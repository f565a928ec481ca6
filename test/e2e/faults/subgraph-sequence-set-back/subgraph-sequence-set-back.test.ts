import { INDICATOR, PERIOD, REPORT } from '../../../support/query-cache';
import { sqlAt } from '../../../support/database';
import { type TestSystem, gql, startTestSystem } from '../../../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../../../support/tokens';
import { gatewayStats, subscribe, waitFor } from '../../subscriptions/feed-client';

// A subgraph's outbox sequence set back under it (a restored backup, an operator's setval after
// deleting newer outbox rows) while it runs, and written at once, faster than its sequencer's tick:
// the batches are numbered at or below the head it had seen, and once the numbering passes that head
// again nothing says the feed was reset. Those readings must still reach the open subscriptions
// (and every gateway replica's invalidation stream), not be skipped for good.

const UNIT = '19';
interface Event { economyReadings: { cursor: string; value: number } }

describe('a subgraph whose outbox sequence is set back while it runs', () => {
  let system: TestSystem;
  let reporter: Record<string, string>;

  const sql = (text: string) => sqlAt(system.database.url, text);
  const report = async (...rows: { period: string; value: number }[]) => {
    const res = await gql<{ reportEconomyObservations: { rejected: number } }>(
      system.url, REPORT, { input: rows.map((r) => ({ indicatorCode: INDICATOR, unitCode: UNIT, ...r })) }, reporter);
    expect(res.errors).toBeUndefined();
    expect(res.data!.reportEconomyObservations.rejected).toBe(0);
  };

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
    reporter = bearer(token('reporter', 'TCT'));
  });
  afterAll(async () => {
    await system?.dispose();
  });

  it('should deliver the readings numbered at or below the head it had seen to the open subscription', async () => {
    const feed = subscribe<Event>(system.wsUrl, `subscription { economyReadings(unitCodes: ["${UNIT}"], indicatorCodes: ["${INDICATOR}"]) { cursor value } }`);
    await waitFor(async () => (await gatewayStats(system.url)).upstreamSubscriptions === 1, 'the upstream subscription');
    await report({ period: PERIOD, value: 41 });
    await feed.until((f) => f.received.some((e) => e.economyReadings.value === 41), 'the reading before the set-back');

    const [{ head }] = await sql(`SELECT max(seq)::int AS head FROM economy.outbox`) as { head: number }[];
    await sql(`DELETE FROM economy.outbox WHERE seq > ${head - 3}; SELECT setval('economy.outbox_seq', ${head - 3})`);
    // One batch numbered head-2, head-1, head (the hub's head already) and head+1: the sequence is
    // past the old head at once, so the sequencer's tick finds nothing below what it had seen.
    await report({ period: '2021', value: 42 }, { period: '2022', value: 43 }, { period: '2023', value: 44 }, { period: '2024', value: 45 });

    await feed.until((f) => f.received.some((e) => e.economyReadings.value === 45), 'the reading numbered past the old head');
    await feed.until((f) => [42, 43, 44].every((v) => f.received.some((e) => e.economyReadings.value === v)),
      'the readings numbered at or below the old head', 15_000);
    expect(feed.errors).toBeNull();
    await feed.dispose();
  }, 180_000);
});
