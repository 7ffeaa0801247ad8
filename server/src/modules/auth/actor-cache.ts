import type { Actor } from "../../platform/access/actor.js";
import { PgListener } from "../../platform/db/listener.js";

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
 */
export class ActorCache {
  private readonly entries = new Map<string, CachedAuth>();
  /** API token id → its cache key (notifications name tokens by id, requests by hash). */
  private readonly tokenKeys = new Map<string, string>();
  /** Moves on with every notification: a lookup that raced one does not store what it read. */
  private generation = 0;
  private readonly listener: PgListener | null;

  constructor(databaseUrl: string | undefined, log?: { warn(obj: object, msg: string): void }) {
    this.listener = databaseUrl
      ? new PgListener(
          databaseUrl,
          AUTH_CHANNEL,
          { notify: (payload) => this.invalidate(payload), reset: () => this.clear() },
          log,
        )
      : null;
  }

  /** The generation to pass to `set` (read before the lookup starts). */
  snapshot(): number {
    return this.generation;
  }

  /** The cached answer for `key`, current as of this call, or null (then look it up and `set` it). */
  async get(key: string): Promise<CachedAuth | null> {
    if (!this.listener) return null;
    if (!this.listener.ready) {
      this.listener.start().catch(() => {});
      return null;
    }
    if (!this.entries.has(key)) return null;
    try {
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
    return entry;
  }

  /** Stores a looked-up answer unless a notification arrived since `generation` or the listener is down. */
  set(key: string, generation: number, entry: CachedAuth): void {
    if (!this.listener?.ready || generation !== this.generation) return;
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
    await this.listener?.stop();
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    const tokenId = entry?.result.actor.apiTokenId;
    if (tokenId) this.tokenKeys.delete(tokenId);
  }
}
