/**
 * Lookups keyed by content (principle, scene and scenario ids, frontmatter keys,
 * component names): a plain object inherits `constructor`, `toString`,
 * `valueOf`, `hasOwnProperty` and `__proto__`, so `scores["constructor"]` is the
 * `Object` function, not undefined. These read and build records safely.
 */

/** The value a record holds under `key` itself, never one it inherits. */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** An empty record without a prototype: `__proto__` or `constructor` from a file is just a key in it. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
