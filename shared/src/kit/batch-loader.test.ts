import { BatchLoader, loaderPerContext } from './batch-loader';

describe('batching loads of one request', () => {
  it('should answer every load of the same tick with one batch, equal keys asked once, in order', async () => {
    const batches: string[][] = [];
    const loader = new BatchLoader<string, string>(async (keys) => {
      batches.push(keys);
      return keys.map((k) => k.toUpperCase());
    });
    const answers = await Promise.all([loader.load('a'), loader.load('b'), loader.load('a'), loader.load('c')]);
    expect(answers).toEqual(['A', 'B', 'A', 'C']);
    expect(batches).toEqual([['a', 'b', 'c']]);
  });

  it('should reject only the load whose answer is an Error, the others resolving', async () => {
    const loader = new BatchLoader<string, string>(async (keys) => keys.map((k) => (k === 'big' ? new Error(`${k} is out of range`) : k.toUpperCase())));
    const [a, big, b] = await Promise.allSettled([loader.load('a'), loader.load('big'), loader.load('b')]);
    expect(a).toEqual({ status: 'fulfilled', value: 'A' });
    expect(big).toMatchObject({ status: 'rejected', reason: new Error('big is out of range') });
    expect(b).toEqual({ status: 'fulfilled', value: 'B' });
  });

  it('should also batch loads started from promise callbacks of the same tick', async () => {
    const batches: number[][] = [];
    const loader = new BatchLoader<number, number>(async (keys) => {
      batches.push(keys);
      return keys.map((k) => k * 2);
    });
    const later = Promise.resolve().then(() => Promise.resolve()).then(() => loader.load(3));
    expect(await Promise.all([loader.load(1), later])).toEqual([2, 6]);
    expect(batches).toEqual([[1, 3]]);
  });

  it('should start a new batch after one is dispatched, keeping nothing from the last', async () => {
    let calls = 0;
    const loader = new BatchLoader<string, number>(async (keys) => keys.map(() => ++calls));
    expect(await loader.load('x')).toBe(1);
    expect(await loader.load('x')).toBe(2);
  });

  it('should key objects by their content unless told otherwise', async () => {
    const batches: unknown[][] = [];
    const loader = new BatchLoader<{ unit: string; codes: string[] | null }, string>(async (keys) => {
      batches.push(keys);
      return keys.map((k) => `${k.unit}:${k.codes?.join(',') ?? '*'}`);
    });
    const answers = await Promise.all([
      loader.load({ unit: '19', codes: null }), loader.load({ unit: '19', codes: null }), loader.load({ unit: '19', codes: ['X'] }),
    ]);
    expect(answers).toEqual(['19:*', '19:*', '19:X']);
    expect(batches[0]).toHaveLength(2);

    const byUnit = new BatchLoader<{ unit: string; n: number }, number>(async (keys) => keys.map((k) => k.n), (k) => k.unit);
    expect(await Promise.all([byUnit.load({ unit: 'a', n: 1 }), byUnit.load({ unit: 'a', n: 2 })])).toEqual([1, 1]);
  });

  it("should reject every load of a batch that fails, or that answers the wrong number of values", async () => {
    const failing = new BatchLoader<string, string>(async () => {
      throw new Error('database away');
    });
    await expect(Promise.all([failing.load('a'), failing.load('b')])).rejects.toThrow('database away');
    const short = new BatchLoader<string, string>(async () => ['only one']);
    const results = await Promise.allSettled([short.load('a'), short.load('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('should keep one loader per context object', () => {
    const loaderOf = loaderPerContext(() => new BatchLoader<string, string>(async (k) => k));
    const ctx = {};
    expect(loaderOf(ctx)).toBe(loaderOf(ctx));
    expect(loaderOf(ctx)).not.toBe(loaderOf({}));
    expect(loaderOf(undefined)).not.toBe(loaderOf(undefined));
  });
});
