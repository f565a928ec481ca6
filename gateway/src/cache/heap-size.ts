/**
 * What a cache entry really costs on the V8 heap (64-bit, Node's default: no pointer compression),
 * estimated from its parts, so that `IOC_QUERY_CACHE_MAX_BYTES` bounds real memory. Measured against
 * `process.memoryUsage().heapUsed` after `gc()` (see heap-size.test.ts): a text's characters alone
 * undercount a parsed answer about 1.3× (and graphql-js's null-prototype results about 4×).
 * Own code: no maintained library estimates V8 object sizes (`object-sizeof` counts characters only).
 */

const WORD = 8;
/** A sequential string: map, hash, length; then its characters (1 byte each when all are Latin-1, else 2). */
const STRING_HEADER = 16;
/** A plain object: map, properties, elements; then one word per in-object property. */
const OBJECT_HEADER = 3 * WORD;
/** An array: the JSArray (map, properties, elements, length) and its backing store's header (map, length). */
const ARRAY_HEADER = 4 * WORD + 2 * WORD;
/** A boxed double (a number that is not a small integer): map and value. */
const HEAP_NUMBER = 2 * WORD;
/** A dictionary-mode object's hash table: header words, then key, value and details per slot. */
const DICTIONARY_HEADER = 6 * WORD;
const DICTIONARY_SLOT = 3 * WORD;
/** One entry of a Map or Set (OrderedHashMap: key, value, chain; its bucket; load factor 2). */
export const MAP_ENTRY_BYTES = 6 * WORD;

const align = (n: number) => Math.ceil(n / WORD) * WORD;
/** V8's JSON.parse internalises string values up to this length: one copy for every answer. */
const INTERNALISED_MAX_CHARS = 10;
const SMI_MAX = 2 ** 30;

/** Bytes of a string's own characters and header (a Latin-1 string is 1 byte a character in V8). */
export function stringBytes(s: string): number {
  // eslint-disable-next-line no-control-regex
  return align(STRING_HEADER + (/[^\u0000-\u00ff]/.test(s) ? 2 : 1) * s.length);
}

/**
 * A property name's share of a value: its internalised string and its step in the hidden classes
 * (map, descriptor). Shared by all answers with the same names, but a client's aliases make new
 * names per answer (`a1_0: __typename …`): uncounted, those held 3× the estimate.
 */
const KEY_SHAPE_BYTES = 48;

/**
 * Bytes of a value made by `JSON.parse` (objects, arrays, strings, numbers, booleans, null): every
 * object, array, string and boxed number it holds, and each distinct property name once (see
 * {@link KEY_SHAPE_BYTES}). Short strings are not counted: V8 keeps one copy of each (internalised)
 * for all answers.
 */
export function valueBytes(value: unknown): number {
  let total = 0;
  const names = new Set<string>();
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') total += v.length > INTERNALISED_MAX_CHARS ? stringBytes(v) : 0;
    else if (typeof v === 'number') total += Number.isInteger(v) && Math.abs(v) < SMI_MAX ? 0 : HEAP_NUMBER;
    else if (Array.isArray(v)) {
      total += ARRAY_HEADER + WORD * v.length;
      for (const x of v) stack.push(x);
    } else if (v && typeof v === 'object') {
      const keys = Object.keys(v);
      // graphql-js builds results with Object.create(null): those are hash tables, not fast objects.
      if (Object.getPrototypeOf(v) === null) {
        let slots = 4;
        while (slots < 2 * keys.length) slots *= 2;
        total += OBJECT_HEADER + DICTIONARY_HEADER + DICTIONARY_SLOT * slots;
      } else total += OBJECT_HEADER + WORD * keys.length;
      for (const k of keys) {
        if (!names.has(k)) {
          names.add(k);
          total += stringBytes(k) + KEY_SHAPE_BYTES;
        }
        stack.push((v as Record<string, unknown>)[k]);
      }
    }
  }
  return total;
}
