import { AsyncLocalStorage } from "node:async_hooks";

/** Facts about the HTTP request being served, visible to code that runs on its behalf (e.g. `recordChange`). */
export interface RequestScope {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  /** Set while an automation rule's step writes: change events (and so the audit log) carry the rule. */
  automation?: AutomationOrigin;
  /** When set, `recordChange` adds the entity of every event it writes (the engine: did a step change a record?). */
  changed?: Set<string>;
  /** Set while the request's cached actor is unconfirmed: statements that may write wait for it (write-gate.ts). */
  writeGate?: () => Promise<void>;
}

/** The rule run a change was made by ("by rule X (owner Y)"), and how deep in a chain of rules it is. */
export interface AutomationOrigin {
  ruleId: string;
  ruleName: string;
  versionId: string;
  runId: string;
  ownerId: string;
  depth: number;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` (and everything it awaits) inside the request's scope. */
export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The current request's facts, or undefined outside a request (jobs, scripts). */
export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}
