import type { TestContext } from "../../test/harness.js";
import { AUDIT_CHANGES_JOB } from "./consumer.js";

/** Test helper: sequences pending change events and runs the audit consumer until it has caught up. */
export async function flushAudit(t: TestContext): Promise<number> {
  return t.relay.drain(AUDIT_CHANGES_JOB);
}
