import type { LRUCache } from 'lru-cache';
import { CredentialHelperError } from '../errors.js';
import type { SharedCacheEntry } from '../schemas/shared-cache-entry.js';
import { type Clock, periodClock, systemClock } from './clock.js';
import type { SharedStore } from './shared-store.js';

/** How a cache keeps its values in a {@link SharedStore} too (values must survive JSON). */
export interface SharedCacheBinding<T> {
  store: SharedStore;
  /** How long to wait for another process that is filling the same key. */
  lockTimeoutMs: number;
  encode(value: T): unknown;
  /** `undefined` when the stored value is not a `T` (then it is a miss). */
  decode(json: unknown): T | undefined;
  /**
   * This process's reuse time of values without an expiry (its `apiKeyHelper` TTL…). A shared
   * entry without an expiry is used only while younger than this, whoever stored it and for
   * however long: `0` never reuses one. Unset: the writer's times are taken as they are.
   */
  ttlMs?: number;
}

/**
 * Until when this reader may use a shared `record`, by its own rules: the writer's times, capped
 * by the reader's TTL against the entry's age for values without an expiry. `undefined` when it
 * may not use it at all (stored "in the future": a clock moved back, or a forged file).
 */
export function sharedUsableUntil(
  record: { loadedAt: number; usableUntil: number; expiresAt?: number | undefined },
  readerTtlMs: number | undefined,
  now: number,
): number | undefined {
  if (record.loadedAt > now) return undefined;
  if (record.expiresAt !== undefined || readerTtlMs === undefined) return record.usableUntil;
  return Math.min(record.usableUntil, record.loadedAt + readerTtlMs);
}

/** Refresh-ahead starts this long before a credential's expiry (as the AWS SDK does). */
export const DEFAULT_REFRESH_WINDOW_MS = 5 * 60_000;
/**
 * A credential is not handed out in its last moments (it could expire while a request is in
 * flight): it is reused until `min(10 s, half its remaining life when loaded)` before its expiry,
 * so that a credential loaded with 8 s left is still used for 4 s rather than not at all.
 */
export const DEFAULT_EXPIRY_MARGIN_MS = 10_000;
/** How many keys one cache holds before the least recently used is dropped. */
export const DEFAULT_MAX_ENTRIES = 500;
/** After a failed background refresh, wait at most this long before trying again. */
const MAX_REFRESH_BACKOFF_MS = 30_000;

/** What a loader returns: the value and how long it may be used (a TTL, an expiry, both or neither). */
export interface CacheLoadResult<T> {
  value: T;
  /** Use for this long after loading (e.g. the `apiKeyHelper` TTL). `0` means do not keep it. */
  ttlMs?: number;
  /** The credential's own expiry, ms since the epoch. Enables refresh-ahead. */
  expiresAt?: number;
}

/** A cached value and the times that govern it (all ms since the epoch, from the cache's clock). */
export interface CacheEntry<T> {
  value: T;
  loadedAt: number;
  /** Not handed out at or after this time. `Infinity` when neither TTL nor expiry was given. */
  usableUntil: number;
  /** From this time on, a hit also starts one background refresh. */
  refreshAt: number | undefined;
  /** The credential's own expiry, when it has one. */
  expiresAt: number | undefined;
}

/**
 * Until when a resolver in front of the cache may reuse `entry` without asking the cache again:
 * the start of its refresh window (so that refresh-ahead still triggers), else its usable end.
 */
export function reuseUntilOf(entry: CacheEntry<unknown>): number {
  return Math.min(entry.usableUntil, entry.refreshAt ?? Number.POSITIVE_INFINITY);
}

/**
 * How early a TTL value (an `apiKeyHelper` key) is refreshed in the background: in the last minute
 * of its TTL, or its second half when the TTL is shorter than two minutes.
 */
export const DEFAULT_TTL_REFRESH_AHEAD_MS = 60_000;

/** Options of {@link CredentialCache}. */
export interface CredentialCacheOptions<T = unknown> {
  /** Clock in ms since the epoch. Default `Date.now`. Inject one in tests instead of sleeping. */
  now?: Clock;
  /**
   * Measures reuse periods besides `now`, so that moving the wall clock back does not stretch a
   * TTL: a value is used only while neither clock says its time is up. Default: a monotonic clock
   * (`performance.now`) with the system clock, else `now` itself (see `periodClock`).
   */
  monotonic?: Clock;
  /** Default {@link DEFAULT_REFRESH_WINDOW_MS}; `0` turns refresh-ahead off. */
  refreshWindowMs?: number;
  /** Default {@link DEFAULT_EXPIRY_MARGIN_MS}. */
  expiryMarginMs?: number;
  /**
   * Refresh-ahead for values with a TTL and no expiry (an `apiKeyHelper` key): a call in the last
   * `ttlRefreshAheadMs` of the TTL (at most its second half) returns the value and loads the next
   * one in the background, so that a steady caller never waits for the helper. Default `0` (off);
   * `createCredentialHelper` uses {@link DEFAULT_TTL_REFRESH_AHEAD_MS} for `apiKeyHelper`.
   */
  ttlRefreshAheadMs?: number;
  /** Default {@link DEFAULT_MAX_ENTRIES}. */
  max?: number;
  /** Told about background refreshes that failed (the current value, `entry`, stays in use meanwhile). */
  onBackgroundError?: (error: unknown, key: string, entry: CacheEntry<T>) => void;
  /** Told when a background refresh succeeded (after one that failed, its failure is over). */
  onBackgroundRefreshed?: (key: string) => void;
  /** Also keep values in files shared by the user's processes (see {@link SharedStore}). */
  shared?: SharedCacheBinding<T>;
}

interface StoredEntry<T> extends CacheEntry<T> {
  /** The monotonic clock's reading that corresponds to `loadedAt`. */
  monoOrigin: number;
  promise: Promise<T>;
  refreshing: boolean;
}

interface Loaded<T> {
  value: T;
  /** What was stored; `undefined` when the value may not be kept (TTL 0). */
  entry: StoredEntry<T> | undefined;
}

function nonNegativeInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new CredentialHelperError(
      'INVALID_OPTION',
      `expected \`${name}\` to be a non-negative integer, got ${value}`,
    );
  }
  return value;
}

let lruCacheClass: Promise<typeof LRUCache> | undefined;

/** `lru-cache`, imported when the first value is stored (a cache that is never filled costs nothing). */
function loadLruCache(): Promise<typeof LRUCache> {
  lruCacheClass ??= import('lru-cache').then((module) => module.LRUCache);
  return lruCacheClass;
}

/**
 * A TTL and expiry-aware cache of credentials over `lru-cache`.
 *
 * - Single-flight: concurrent callers of {@link CredentialCache.get} for one key share one load.
 * - Failures are never cached: the next call loads again.
 * - Refresh-ahead: a value with an expiry is returned as is inside the refresh window while one
 *   background load replaces it; it is never returned at or past `expiresAt - margin`, where
 *   `margin = min(expiryMarginMs, half the remaining life at load time)`.
 * - {@link CredentialCache.invalidate} drops a value; a load already running for it is not stored.
 */
export class CredentialCache<T> {
  /** Created with the first stored value. */
  #lru: LRUCache<string, StoredEntry<T>> | undefined;
  readonly #max: number;
  readonly #inFlight = new Map<string, Promise<Loaded<T>>>();
  /** Bumped by `invalidate`: a load that started under an older epoch is not stored. */
  readonly #epochs = new Map<string, number>();
  readonly #now: Clock;
  readonly #monotonic: Clock;
  readonly #refreshWindowMs: number;
  readonly #ttlRefreshAheadMs: number;
  readonly #expiryMarginMs: number;
  readonly #onBackgroundError: ((error: unknown, key: string, entry: CacheEntry<T>) => void) | undefined;
  readonly #onBackgroundRefreshed: ((key: string) => void) | undefined;
  readonly #shared: SharedCacheBinding<T> | undefined;
  /** Keys this cache has touched in the shared store, for `invalidate()`. */
  readonly #sharedKeys = new Set<string>();
  #globalEpoch = 0;

  constructor(options: CredentialCacheOptions<T> = {}) {
    this.#now = options.now ?? systemClock;
    this.#monotonic = periodClock(this.#now, options.monotonic);
    this.#refreshWindowMs = nonNegativeInteger('refreshWindowMs', options.refreshWindowMs, DEFAULT_REFRESH_WINDOW_MS);
    this.#expiryMarginMs = nonNegativeInteger('expiryMarginMs', options.expiryMarginMs, DEFAULT_EXPIRY_MARGIN_MS);
    this.#ttlRefreshAheadMs = nonNegativeInteger('ttlRefreshAheadMs', options.ttlRefreshAheadMs, 0);
    this.#max = Math.max(1, nonNegativeInteger('max', options.max, DEFAULT_MAX_ENTRIES));
    this.#onBackgroundError = options.onBackgroundError;
    this.#onBackgroundRefreshed = options.onBackgroundRefreshed;
    this.#shared = options.shared;
  }

  /** The cached value for `key`, loading it with `load` when missing, expired or invalidated. */
  get(key: string, load: () => Promise<CacheLoadResult<T>>): Promise<T> {
    const entry = this.#lru?.get(key);
    if (entry !== undefined) {
      const now = this.#nowFor(entry);
      if (now < entry.usableUntil) {
        if (entry.refreshAt !== undefined && now >= entry.refreshAt && !entry.refreshing) {
          this.#refreshInBackground(key, load, entry);
        }
        return entry.promise;
      }
      this.#lru?.delete(key);
    }
    return this.#load(key, load).then((loaded) => loaded.value);
  }

  /** Like {@link CredentialCache.get}, but returns the whole entry (with its times). */
  async getEntry(key: string, load: () => Promise<CacheLoadResult<T>>): Promise<CacheEntry<T>> {
    const value = await this.get(key, load);
    const entry = this.#lru?.peek(key);
    if (entry !== undefined && entry.value === value) return entry;
    const now = this.#now();
    return { value, loadedAt: now, usableUntil: now, refreshAt: undefined, expiresAt: undefined };
  }

  /** The usable entry for `key` without loading or touching recency; `undefined` when none. */
  peek(key: string): CacheEntry<T> | undefined {
    const entry = this.#lru?.peek(key);
    return entry !== undefined && this.#nowFor(entry) < entry.usableUntil ? entry : undefined;
  }

  /**
   * The time for `entry`'s checks: the wall clock, or its load time plus the monotonic time since
   * then when that is later (the wall clock was moved back).
   */
  #nowFor(entry: StoredEntry<T>): number {
    return Math.max(this.#now(), entry.loadedAt + (this.#monotonic() - entry.monoOrigin));
  }

  /** Drops `key` (or every key): the next `get` loads again, and loads now running are not stored. */
  invalidate(key?: string): void {
    if (key === undefined) {
      this.#globalEpoch++;
      this.#epochs.clear();
      this.#lru?.clear();
      this.#inFlight.clear();
      for (const sharedKey of this.#sharedKeys) this.#shared?.store.delete(sharedKey);
    } else {
      this.#epochs.set(key, (this.#epochs.get(key) ?? 0) + 1);
      this.#lru?.delete(key);
      this.#inFlight.delete(key);
      this.#shared?.store.delete(key);
    }
  }

  #epochOf(key: string): string {
    return `${this.#globalEpoch}:${this.#epochs.get(key) ?? 0}`;
  }

  #load(key: string, load: () => Promise<CacheLoadResult<T>>): Promise<Loaded<T>> {
    const running = this.#inFlight.get(key);
    if (running !== undefined) return running;
    const epoch = this.#epochOf(key);
    const promise: Promise<Loaded<T>> = this.#loadAndStore(key, load, epoch).finally(() => {
      if (this.#inFlight.get(key) === promise) this.#inFlight.delete(key);
    });
    this.#inFlight.set(key, promise);
    return promise;
  }

  async #loadAndStore(key: string, load: () => Promise<CacheLoadResult<T>>, epoch: string): Promise<Loaded<T>> {
    const shared = this.#shared;
    if (shared === undefined) {
      const result = await load();
      const entry = this.#entryFor(result);
      await this.#keep(key, entry, epoch);
      return { value: result.value, entry };
    }
    this.#sharedKeys.add(key);
    // A fresh entry is read without the lock (entries are replaced atomically: a reader sees the
    // old file or the new one): a hit costs no lock file (issue #21). A miss takes the lock.
    const hit = await this.#sharedHit(key, await shared.store.read(key), epoch);
    if (hit !== undefined) return hit;
    // Under the per-key lock, look again: another process may have filled it while we waited.
    return shared.store.withLock(key, shared.lockTimeoutMs, async () => {
      const again = await this.#sharedHit(key, await shared.store.read(key), epoch);
      if (again !== undefined) return again;
      const result = await load();
      const entry = this.#entryFor(result);
      if (entry !== undefined && Number.isFinite(entry.usableUntil) && this.#epochOf(key) === epoch) {
        const { loadedAt, usableUntil, refreshAt, expiresAt } = entry;
        await shared.store.write(key, {
          version: 1,
          value: shared.encode(result.value),
          loadedAt,
          usableUntil,
          ...(refreshAt === undefined ? {} : { refreshAt }),
          ...(expiresAt === undefined ? {} : { expiresAt }),
        });
      }
      await this.#keep(key, entry, epoch);
      return { value: result.value, entry };
    });
  }

  /**
   * The shared cache's `record` for `key` as a loaded entry (kept in memory too), or `undefined`
   * when there is none, it is past its usable time or its refresh time, or it does not decode.
   */
  async #sharedHit(key: string, record: SharedCacheEntry | undefined, epoch: string): Promise<Loaded<T> | undefined> {
    const shared = this.#shared;
    if (shared === undefined || record === undefined) return undefined;
    const now = this.#now();
    const usableUntil = sharedUsableUntil(record, shared.ttlMs, now);
    if (usableUntil === undefined || !(now < usableUntil)) return undefined;
    if (record.refreshAt !== undefined && !(now < record.refreshAt)) return undefined;
    const stored = shared.decode(record.value);
    if (stored === undefined) return undefined;
    const entry: StoredEntry<T> = {
      value: stored,
      loadedAt: record.loadedAt,
      usableUntil,
      refreshAt: record.refreshAt,
      expiresAt: record.expiresAt,
      monoOrigin: this.#monotonic() - (now - record.loadedAt),
      promise: Promise.resolve(stored),
      refreshing: false,
    };
    await this.#keep(key, entry, epoch);
    return { value: stored, entry };
  }

  /** Stores `entry` in memory unless the key was invalidated since the load began. */
  async #keep(key: string, entry: StoredEntry<T> | undefined, epoch: string): Promise<void> {
    if (entry === undefined) return;
    if (this.#lru === undefined) this.#lru = new (await loadLruCache())({ max: this.#max });
    if (this.#epochOf(key) === epoch) this.#lru.set(key, entry);
  }

  #refreshInBackground(key: string, load: () => Promise<CacheLoadResult<T>>, entry: StoredEntry<T>): void {
    entry.refreshing = true;
    this.#load(key, load).then(
      () => this.#onBackgroundRefreshed?.(key),
      (error: unknown) => {
        entry.refreshing = false;
        const now = this.#nowFor(entry);
        entry.refreshAt = now + Math.min(MAX_REFRESH_BACKOFF_MS, Math.max(0, (entry.usableUntil - now) / 2));
        this.#onBackgroundError?.(error, key, entry);
      },
    );
  }

  /** The entry to store for a load result, or `undefined` when it must not be kept. */
  #entryFor(result: CacheLoadResult<T>): StoredEntry<T> | undefined {
    const now = this.#now();
    const { ttlMs, expiresAt } = result;
    if (expiresAt !== undefined && !(expiresAt > now)) {
      throw new CredentialHelperError(
        'CREDENTIALS_EXPIRED',
        `the credentials expired at ${new Date(expiresAt).toISOString()}`,
      );
    }
    let usableUntil = ttlMs === undefined ? Number.POSITIVE_INFINITY : now + ttlMs;
    let refreshAt: number | undefined;
    if (expiresAt !== undefined) {
      const margin = Math.min(this.#expiryMarginMs, (expiresAt - now) / 2);
      usableUntil = Math.min(usableUntil, expiresAt - margin);
      if (this.#refreshWindowMs > 0) {
        // Never refresh sooner than half-way through the value's life, so that short-lived
        // credentials (< refresh window) are re-fetched once per half-life, not on every call.
        refreshAt = Math.max(expiresAt - this.#refreshWindowMs, now + (usableUntil - now) / 2);
      }
    }
    if (expiresAt === undefined && ttlMs !== undefined && ttlMs > 0 && this.#ttlRefreshAheadMs > 0) {
      refreshAt = now + Math.max(ttlMs / 2, ttlMs - this.#ttlRefreshAheadMs);
    }
    if (!(usableUntil > now)) return undefined;
    const { value } = result;
    return {
      value,
      loadedAt: now,
      usableUntil,
      refreshAt,
      expiresAt,
      monoOrigin: this.#monotonic(),
      promise: Promise.resolve(value),
      refreshing: false,
    };
  }
}
