/**
 * A check every statement that may write must pass first, while the current async context has one (`source`). The HTTP layer uses it for GET requests answered before their actor is confirmed current (a cached
 * session or token, issue 10 item 21): reads run at once, and the first statement that is not a plain read
 * waits until the actor is confirmed — and fails if it was revoked — so a revoked session never writes.
 */
type Gate = () => Promise<void>;
/** Where the current gate is kept: the HTTP layer's request scope (one AsyncLocalStorage fewer per request). */
let source: () => Gate | undefined = () => undefined;

/** Installs where the current gate is read from (called once by the HTTP layer, and by tests). */
export function setWriteGateSource(read: () => Gate | undefined): void {
  source = read;
}

/** Plain reads: a `select` that locks nothing. Everything else (writes, `with`, `begin`, `set`, locks) waits. */
const READ = /^\s*select\b/i;
const LOCKING = /\bfor\s+(update|share|no\s+key\s+update|key\s+share)\b/i;

/** Resolves when `text` may run now (a plain read, no gate, or the gate passed); rejects when the gate refuses. */
export function passWriteGate(text: string): Promise<void> | null {
  const check = source();
  if (!check || (READ.test(text) && !LOCKING.test(text))) return null;
  return check();
}
