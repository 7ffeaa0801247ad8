import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Per-transaction memo of definitions a hot background transaction reads again and again (custom-field
 * definitions, a pipeline and its stages): inside `cachingTransactions(fn)`, `txCached(db, key, load)` on a
 * transaction loads once per (transaction, key) and answers from memory after that. An automation batch runs ten
 * runs × several steps in one transaction, and each step's service read the same definitions again.
 *
 * - Opt-in, and only for scopes that never write what they cache (an automation pass writes records, never
 *   custom-field definitions or pipelines): a cached answer is what the first read saw, for the rest of that one
 *   transaction — as if the transaction had been a little earlier. Nothing outlives the transaction, so no other
 *   process or instance ever depends on this memory.
 * - Outside the scope, or on a connection outside a transaction, `load` runs each time (requests are unchanged).
 * - A load that fails is forgotten (the next call reads again).
 */
const scope = new AsyncLocalStorage<WeakMap<object, Map<string, Promise<unknown>>>>();

export function cachingTransactions<T>(fn: () => Promise<T>): Promise<T> {
  return scope.run(new WeakMap(), fn);
}

export function txCached<T>(db: { isTransaction: boolean }, key: string, load: () => Promise<T>): Promise<T> {
  const store = scope.getStore();
  if (!store || !db.isTransaction) return load();
  let memo = store.get(db);
  if (!memo) {
    memo = new Map();
    store.set(db, memo);
  }
  const known = memo.get(key) as Promise<T> | undefined;
  if (known) return known;
  const loading = load();
  memo.set(key, loading);
  loading.catch(() => memo.delete(key));
  return loading;
}
