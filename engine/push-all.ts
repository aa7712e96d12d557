/**
 * Appends every item of `items` to `target`, in order. `target.push(...items)`
 * passes each item as an argument and overflows the call stack somewhere past
 * 120,000 of them (a file with that many diagnostics, lines or inline nodes);
 * this loop has no such limit.
 */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
