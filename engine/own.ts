/**
 * Lookups keyed by content (principle, scene and scenario ids, frontmatter keys,
 * component names): a plain object inherits `constructor`, `toString`,
 * `valueOf`, `hasOwnProperty` and `__proto__`, so `scores["constructor"]` is the
 * `Object` function, not undefined.
 */

/** The value a record holds under `key` itself, never one it inherits. */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
