import { AsyncLocalStorage } from "node:async_hooks";

/**
 * A check every statement that may write must pass first, for the code run inside `runWithWriteGate` (and all it
 * awaits). The HTTP layer uses it for GET requests answered before their actor is confirmed current (a cached
 * session or token, issue 10 item 21): reads run at once, and the first statement that is not a plain read
 * waits until the actor is confirmed — and fails if it was revoked — so a revoked session never writes.
 */
const gate = new AsyncLocalStorage<() => Promise<void>>();

/** Plain reads: a `select` that locks nothing. Everything else (writes, `with`, `begin`, `set`, locks) waits. */
const READ = /^\s*select\b/i;
const LOCKING = /\bfor\s+(update|share|no\s+key\s+update|key\s+share)\b/i;

export function runWithWriteGate<T>(check: () => Promise<void>, fn: () => T): T {
  return gate.run(check, fn);
}

/** Resolves when `text` may run now (a plain read, no gate, or the gate passed); rejects when the gate refuses. */
export function passWriteGate(text: string): Promise<void> | null {
  const check = gate.getStore();
  if (!check || (READ.test(text) && !LOCKING.test(text))) return null;
  return check();
}
