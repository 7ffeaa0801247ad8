import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import type pg from "pg";
import { queryNamed } from "./result-shapes.js";
import { passWriteGate } from "./write-gate.js";

/**
 * Server-side prepared statements for the statements an app repeats (issue 10 item 21), as pgJDBC does by
 * default: a read or write statement whose text this process has sent `THRESHOLD` times is sent as a named
 * statement, so each connection parses it once and PostgreSQL keeps its plan (with `plan_cache_mode = auto` a
 * generic plan only where it costs no more than the custom ones). Planning was most of the database's CPU for
 * the short primary-key reads a record page makes (a contact GET: ~0.5 ms of backend CPU, ~0.15 ms prepared).
 *
 * - Only outside transactions (the client tracks `begin` … `commit`/`rollback`), so a statement that fails
 *   because of being prepared can be sent again: a table changed under a cached plan ("cached plan must not
 *   change result type") deallocates it and retries; text PostgreSQL cannot prepare (several commands) is
 *   retried unprepared and never prepared again.
 * - Inside transactions only where the caller opts in (`preparingTransactions`, e.g. an automation run's pass, whose
 *   failed steps roll back to a savepoint and are retried): there a failure cannot be repeated in the same
 *   transaction, so a text of several commands (any `;`) is never prepared, and a plan gone stale under a table
 *   change fails that one statement (the transaction's own error handling applies) and its text is sent unprepared
 *   from then on.
 * - Bounded: at most `PER_CONNECTION` statements per connection (the least recently used is deallocated), and
 *   the texts counted per process are forgotten past `MAX_TEXTS`.
 */
const THRESHOLD = 3;
const PER_CONNECTION = 200;
const MAX_TEXTS = 5000;
const PREPARABLE = /^\s*(select|with|insert|update|delete)\b/i;
const TX_START = /^\s*(begin|start\s+transaction)\b/i;
const TX_END = /^\s*(commit|end|rollback|abort)\b(?!\s+(work\s+|transaction\s+)?to\b)/i;

/** Set by `preparingTransactions`: statements of the transactions begun inside it are prepared too. */
const inTransactionScope = new AsyncLocalStorage<true>();

/**
 * Runs `fn` with the repeated statements of its transactions sent prepared as well (see above) — for hot
 * background transactions that repeat the same statements thousands of times (an automation run's pass).
 */
export function preparingTransactions<T>(fn: () => Promise<T>): Promise<T> {
  return inTransactionScope.run(true, fn);
}

/** Texts seen (→ how often) and the names of those to prepare. */
const seen = new Map<string, number>();
const names = new Map<string, string | null>();

function nameFor(text: string): string | null {
  const known = names.get(text);
  if (known !== undefined) return known;
  const count = (seen.get(text) ?? 0) + 1;
  if (seen.size >= MAX_TEXTS) {
    seen.clear();
    names.clear();
  }
  seen.set(text, count);
  if (count < THRESHOLD) return null;
  const name = PREPARABLE.test(text)
    ? `tdm_${createHash("sha256").update(text).digest("hex").slice(0, 40)}`
    : null;
  names.set(text, name);
  return name;
}

interface PgConnectionInternals {
  parsedStatements: Record<string, string>;
}

type Client = pg.PoolClient & { connection?: PgConnectionInternals };

/** One connection's state: in a transaction, and its prepared statements (insertion order = recency). */
interface State {
  inTransaction: boolean;
  prepared: Map<string, true>;
}

const isStaleResult = (err: unknown) =>
  (err as { code?: string }).code === "0A000" &&
  /cached plan must not change result type/.test(String((err as Error).message));
const isMultiCommand = (err: unknown) =>
  (err as { code?: string }).code === "42601" &&
  /cannot insert multiple commands into a prepared statement/.test(String((err as Error).message));

function forget(client: Client, state: State, name: string): void {
  state.prepared.delete(name);
  if (client.connection) delete client.connection.parsedStatements[name];
  client.query(`deallocate ${name}`).catch(() => {});
}

async function query(
  client: Client,
  state: State,
  text: string,
  values: unknown[] | undefined,
  prepare: boolean,
) {
  const gate = passWriteGate(text);
  if (gate) await gate;
  if (TX_START.test(text)) state.inTransaction = true;
  else if (TX_END.test(text)) state.inTransaction = false;
  const inScope = state.inTransaction && inTransactionScope.getStore() === true;
  const name =
    !prepare || (state.inTransaction && !inScope) || !client.connection || (inScope && text.includes(";"))
      ? null
      : nameFor(text);
  if (!name) return client.query(text, values);
  if (state.prepared.has(name)) state.prepared.delete(name);
  else if (state.prepared.size >= PER_CONNECTION) {
    const oldest = state.prepared.keys().next().value;
    if (oldest) forget(client, state, oldest);
  }
  state.prepared.set(name, true);
  try {
    return await queryNamed(client, name, text, values ?? []);
  } catch (err) {
    if (state.inTransaction && (isStaleResult(err) || isMultiCommand(err))) {
      // The transaction is aborted: nothing can be sent again in it. The text goes unprepared from now on (the
      // statement stays parsed on this connection, under its name, unused).
      names.set(text, null);
      throw err;
    }
    if (isStaleResult(err)) {
      forget(client, state, name);
      return client.query(text, values);
    }
    if (isMultiCommand(err)) {
      names.set(text, null);
      state.prepared.delete(name);
      return client.query(text, values);
    }
    throw err;
  }
}

const states = new WeakMap<pg.PoolClient, State>();
const wrappers = new WeakMap<pg.PoolClient, pg.PoolClient>();

/**
 * The pool Kysely uses: its clients send repeated statements prepared (see above) unless `prepare` is false, and
 * every statement passes the write gate (write-gate.ts) first. Anything but `query(text, values)` (cursors,
 * callbacks) goes to the client as is.
 */
export function preparingPool(pool: pg.Pool, prepare = true): pg.Pool {
  const wrap = (client: pg.PoolClient): pg.PoolClient => {
    let wrapper = wrappers.get(client);
    if (wrapper) return wrapper;
    const state: State = { inTransaction: false, prepared: new Map() };
    states.set(client, state);
    wrapper = new Proxy(client, {
      get(target, prop) {
        if (prop === "query") {
          return (text: unknown, values?: unknown, cb?: unknown) =>
            typeof text === "string" && cb === undefined && (values === undefined || Array.isArray(values))
              ? query(target as Client, state, text, values as unknown[] | undefined, prepare)
              : (target.query as (...a: unknown[]) => unknown)(text, values, cb);
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    wrappers.set(client, wrapper);
    return wrapper;
  };
  return new Proxy(pool, {
    get(target, prop) {
      if (prop === "connect") {
        return async () => wrap(await target.connect());
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
