/**
 * Token buckets per key (a device token, an IP address): `burst` requests at
 * once, then `perSecond`. Full buckets are forgotten, so memory stays bounded
 * by the keys active in the last few seconds (and capped outright).
 */
export class RateLimit {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly burst: number,
    readonly perSecond: number,
    readonly now: () => number = () => performance.now(),
    readonly maxKeys = 20_000,
  ) {}

  /** Takes one request from `key`'s bucket; false when it is empty (refuse with 429). */
  take(key: string): boolean {
    const now = this.now();
    const bucket = this.#buckets.get(key);
    const tokens = bucket
      ? Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond)
      : this.burst;
    if (tokens < 1) {
      if (bucket) Object.assign(bucket, { tokens, at: now });
      return false;
    }
    if (!bucket && this.#buckets.size >= this.maxKeys) this.#forgetFull(now);
    if (!bucket && this.#buckets.size >= this.maxKeys) return false;
    this.#buckets.set(key, { tokens: tokens - 1, at: now });
    return true;
  }

  #forgetFull(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond >= this.burst) this.#buckets.delete(key);
    }
  }
}
