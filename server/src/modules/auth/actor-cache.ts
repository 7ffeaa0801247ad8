import type pg from "pg";
import type { Actor } from "../../platform/access/actor.js";
import { PgListener } from "../../platform/db/listener.js";
import { PoolListen, tick } from "../../platform/db/pool-listen.js";

/** What authenticating a session or token resolves to (the `Authenticator` answer). */
export interface AuthResult {
  actor: Actor;
  passwordChangePending: boolean;
  twoFactorSetupPending?: boolean;
}

export interface CachedAuth {
  result: AuthResult;
  /** Not usable at or after this time (ms): the cache's TTL, the session's or token's expiry, the idle limit. */
  validUntil: number;
  /** last_seen_at / last_used_at as last read or written (ms), so the minute-granular touch goes on. */
  touchedAt: number | null;
  /** `tick()` when the lookup that read it started (set by `set`). */
  lookedUpAt?: number;
}

/** What `set` needs from before the lookup: the generation and the tick it started at. */
export interface Snapshot {
  generation: number;
  at: number;
}

/** A hit served before it is known to be current: `confirm()` tells whether it was (see `ActorCache.peek`). */
export interface UnconfirmedHit {
  entry: CachedAuth;
  confirm(): Promise<boolean>;
}

/** The channel the `auth_notify_*` triggers (migration 20261207_0233) send to. */
export const AUTH_CHANNEL = "tandem_auth";
/** Safety net for what no notification announces (the clock: password age). */
export const ACTOR_CACHE_TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

/**
 * The actors of recently seen sessions and API tokens, per process, so a request does not read the session, user,
 * role, team and password policy again (issue 10 item 21). Nothing here is state another process needs: every
 * change to what an actor is built from (sessions, tokens, users, roles, the password policy) NOTIFYs
 * `tandem_auth` from triggers, and every process drops the entries concerned. Revocation stays immediate: a hit
 * is only served after `PgListener.sync()`, a round trip on the listening connection after which every
 * notification committed before the request arrived has been applied (shared by concurrent requests). While the
 * listener is not connected nothing is cached or served from the cache.
 *
 * With `pool` (the app's pool), its connections LISTEN too (`PoolListen`), and `peek` serves a hit at once with a
 * `confirm()` for later: once a statement the app sent after the request arrived has come back on a connection
 * that was listening before the entry was read, every notification committed before the request arrived has been
 * applied, so `confirm()` costs no round trip — the request's own statement is the sync. Only when no such
 * statement has come back does `confirm()` make the listener's round trip.
 */
export class ActorCache {
  private readonly entries = new Map<string, CachedAuth>();
  /** API token id → its cache key (notifications name tokens by id, requests by hash). */
  private readonly tokenKeys = new Map<string, string>();
  /** Moves on with every notification: a lookup that raced one does not store what it read. */
  private generation = 0;
  private readonly listener: PgListener | null;
  private readonly poolListen: PoolListen | null;
  /** Round trips `confirm()` had to make on the listener (tests, benchmarks). */
  syncs = 0;

  constructor(
    databaseUrl: string | undefined,
    log?: { warn(obj: object, msg: string): void },
    pool?: pg.Pool,
  ) {
    this.listener = databaseUrl
      ? new PgListener(
          databaseUrl,
          AUTH_CHANNEL,
          { notify: (payload) => this.invalidate(payload), reset: () => this.clear() },
          log,
        )
      : null;
    this.poolListen =
      databaseUrl && pool ? new PoolListen(pool, AUTH_CHANNEL, (p) => this.invalidate(p)) : null;
  }

  /** What to pass to `set` (taken before the lookup starts). */
  snapshot(): Snapshot {
    return { generation: this.generation, at: tick() };
  }

  /**
   * The entry for `key` now, before it is known to be current, or null (then `get` or look it up). Serve it only
   * where nothing is written or sent before `confirm()` resolved true; false means it may be stale (revoked or
   * changed): drop what was computed with it.
   */
  peek(key: string): UnconfirmedHit | null {
    if (!this.listener || !this.poolListen) return null;
    if (!this.listener.ready) {
      this.listener.start().catch(() => {});
      return null;
    }
    const entry = this.entries.get(key);
    if (!entry || entry.lookedUpAt === undefined || Date.now() >= entry.validUntil) return null;
    const since = tick();
    let confirmed: Promise<boolean> | null = null;
    return { entry, confirm: () => (confirmed ??= this.confirm(key, entry, since)) };
  }

  private async confirm(key: string, entry: CachedAuth, since: number): Promise<boolean> {
    if (!this.poolListen?.confirms(since, entry.lookedUpAt ?? Number.POSITIVE_INFINITY)) {
      this.syncs++;
      try {
        await this.listener?.sync();
      } catch {
        return false;
      }
    }
    if (this.entries.get(key) !== entry || Date.now() >= entry.validUntil) return false;
    this.confirmedAt(entry, since);
    return true;
  }

  /**
   * The entry is current as of `at` (every notification committed before it has been applied and the entry is
   * still here), as good as read then: connections that began listening after its lookup but before `at` can
   * confirm it from now on (otherwise an entry read before the pool's connections listened — at start-up, after a
   * reconnect — would need the listener's round trip until it expires).
   */
  private confirmedAt(entry: CachedAuth, at: number): void {
    if (entry.lookedUpAt !== undefined && at > entry.lookedUpAt) entry.lookedUpAt = at;
  }

  /** The cached answer for `key`, current as of this call, or null (then look it up and `set` it). */
  async get(key: string): Promise<CachedAuth | null> {
    if (!this.listener) return null;
    if (!this.listener.ready) {
      this.listener.start().catch(() => {});
      return null;
    }
    if (!this.entries.has(key)) return null;
    const at = tick();
    try {
      this.syncs++;
      await this.listener.sync();
    } catch {
      return null;
    }
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (Date.now() >= entry.validUntil) {
      this.remove(key);
      return null;
    }
    this.confirmedAt(entry, at);
    return entry;
  }

  /** Stores a looked-up answer unless a notification arrived since `generation` or the listener is down. */
  set(key: string, snapshot: Snapshot, entry: CachedAuth): void {
    if (!this.listener?.ready || snapshot.generation !== this.generation) return;
    entry.lookedUpAt = snapshot.at;
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.remove(oldest);
    }
    this.entries.set(key, entry);
    const tokenId = entry.result.actor.apiTokenId;
    if (tokenId) this.tokenKeys.set(tokenId, key);
  }

  /** `s:<session id>`, `t:<token id>` or `*` (trigger payloads). */
  invalidate(payload: string): void {
    this.generation++;
    if (payload.startsWith("s:")) this.remove(payload);
    else if (payload.startsWith("t:")) {
      const key = this.tokenKeys.get(payload.slice(2));
      if (key) this.remove(key);
    } else this.clear();
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.tokenKeys.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Starts listening now (otherwise on first use); resolves when listening. */
  async start(): Promise<void> {
    await this.listener?.start();
  }

  async close(): Promise<void> {
    this.clear();
    this.poolListen?.close();
    await this.listener?.stop();
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    const tokenId = entry?.result.actor.apiTokenId;
    if (tokenId) this.tokenKeys.delete(tokenId);
  }
}
