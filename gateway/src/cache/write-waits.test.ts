import { WriteWaits } from './write-waits';

describe('WriteWaits', () => {
  let waits: WriteWaits;
  beforeEach(() => {
    jest.useFakeTimers();
    waits = new WriteWaits(2_000);
  });
  afterEach(() => {
    waits.dispose();
    jest.useRealTimers();
  });

  it('should be reached at once when the feed is already at or past the position', async () => {
    waits.at('economy', '40');
    await expect(waits.wait('economy', '40')).resolves.toBe('reached');
    await expect(waits.wait('economy', '12')).resolves.toBe('reached');
  });

  it('should wait until the feed reaches the position, and not before', async () => {
    waits.at('economy', '40');
    let outcome: string | undefined;
    void waits.wait('economy', '45').then((o) => (outcome = o));
    waits.at('economy', '44');
    await jest.advanceTimersByTimeAsync(0);
    expect(outcome).toBeUndefined();
    waits.at('economy', '60');
    await jest.advanceTimersByTimeAsync(0);
    expect(outcome).toBe('reached');
    expect(waits.waiting).toBe(0);
  });

  it('should keep the subgraphs apart', async () => {
    waits.at('economy', '40');
    waits.at('society', '10');
    let outcome: string | undefined;
    void waits.wait('society', '41').then((o) => (outcome = o));
    waits.at('economy', '100');
    await jest.advanceTimersByTimeAsync(0);
    expect(outcome).toBeUndefined();
  });

  it('should time out after its bound', async () => {
    waits.at('economy', '40');
    const outcome = waits.wait('economy', '41');
    await jest.advanceTimersByTimeAsync(1_999);
    expect(waits.waiting).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    await expect(outcome).resolves.toBe('timeout');
    expect(waits.waiting).toBe(0);
  });

  it('should never wait with a bound of 0', async () => {
    const never = new WriteWaits(0);
    never.at('economy', '40');
    await expect(never.wait('economy', '41')).resolves.toBe('timeout');
    await expect(never.wait('economy', '40')).resolves.toBe('reached');
  });

  it('should fall back without a position, or with one that is not a feed cursor', async () => {
    waits.at('economy', '40');
    await expect(waits.wait('economy', undefined)).resolves.toBe('no-position');
    await expect(waits.wait('economy', 'abc')).resolves.toBe('no-position');
    await expect(waits.wait('economy', '-1')).resolves.toBe('no-position');
  });

  it('should fall back for a subgraph whose feed is not live, and end the waits of one that is lost or reset', async () => {
    await expect(waits.wait('economy', '1')).resolves.toBe('not-live');
    waits.at('economy', '40');
    const lost = waits.wait('economy', '41');
    waits.lost('economy', 'not-live');
    await expect(lost).resolves.toBe('not-live');
    await expect(waits.wait('economy', '1')).resolves.toBe('not-live');
    waits.at('economy', '40');
    const reset = waits.wait('economy', '41');
    waits.lost('economy', 'reset');
    await expect(reset).resolves.toBe('reset');
  });

  it('should end every wait on dispose', async () => {
    waits.at('economy', '40');
    const w = waits.wait('economy', '41');
    waits.dispose();
    await expect(w).resolves.toBe('not-live');
  });
});
