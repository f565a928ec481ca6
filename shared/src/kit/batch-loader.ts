/**
 * DataLoader-style batching without a cache: every `load` made before the batch is dispatched (the
 * resolvers graphql-js runs for one request: a unit and its children, the representations of one
 * `_entities` call) is answered by one call of `batch`, with equal keys asked once.
 *
 * Nothing is kept after a batch is answered, so a loader may live as long as its context does (also
 * a WebSocket connection's) without serving stale readings.
 */
export class BatchLoader<K, V> {
  private pending: { keys: Map<string, K>; waiters: { id: string; resolve: (v: V) => void; reject: (e: unknown) => void }[] } | null = null;

  /**
   * @param batch answers the distinct keys, in their order (one value per key; an `Error` instance
   *   rejects that key's `load` with it, the others resolve).
   * @param keyOf identity of a key, for asking equal keys once. @default JSON.stringify
   */
  constructor(
    private readonly batch: (keys: K[]) => Promise<(V | Error)[]>,
    private readonly keyOf: (key: K) => string = (k) => JSON.stringify(k),
  ) {}

  load(key: K): Promise<V> {
    if (!this.pending) {
      this.pending = { keys: new Map(), waiters: [] };
      // After the current tick's microtasks (resolvers of sibling fields and list items, which
      // graphql-js may start from promise callbacks), before any I/O.
      setImmediate(() => void this.dispatch());
    }
    const id = this.keyOf(key);
    if (!this.pending.keys.has(id)) this.pending.keys.set(id, key);
    return new Promise<V>((resolve, reject) => this.pending!.waiters.push({ id, resolve, reject }));
  }

  private async dispatch(): Promise<void> {
    const { keys, waiters } = this.pending!;
    this.pending = null;
    const ids = [...keys.keys()];
    try {
      const values = await this.batch([...keys.values()]);
      if (values.length !== ids.length) throw new Error(`batch answered ${values.length} values for ${ids.length} keys`);
      const byId = new Map(ids.map((id, i) => [id, values[i]]));
      for (const w of waiters) {
        const v = byId.get(w.id)!;
        // As DataLoader: an Error among the answers fails that key's load only.
        if (v instanceof Error) w.reject(v);
        else w.resolve(v as V);
      }
    } catch (err) {
      for (const w of waiters) w.reject(err);
    }
  }
}

/** One loader per context object (a request, or a subscription operation), made on first use. */
export function loaderPerContext<K, V>(make: () => BatchLoader<K, V>): (ctx: unknown) => BatchLoader<K, V> {
  const loaders = new WeakMap<object, BatchLoader<K, V>>();
  return (ctx) => {
    if (!ctx || typeof ctx !== 'object') return make();
    let loader = loaders.get(ctx);
    if (!loader) loaders.set(ctx, (loader = make()));
    return loader;
  };
}
