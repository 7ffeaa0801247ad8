import { importSpec } from "./declared.js";
import type { ExistingMatch } from "./dedupe.js";
import type { ImportJob } from "./import-job.js";
import { problem, type RowProblem } from "./problems.js";
import type { ImportCounts } from "./tables.js";
import type { CreateRow, UpdateRow } from "./writer.js";

/** A valid row in the entity's columns, with its normalized match keys. */
export interface BuiltRecord {
  rowNumber: number;
  set: Record<string, unknown>;
  custom: Record<string, unknown>;
  keys: string[];
  given?: unknown;
}

/** A row refused after it was built: the field it is reported against and why. */
export type Refusals = Map<number, { field: string; reason: string }>;

/**
 * Decides per built row whether it creates a record, updates the one existing record it matches, or is
 * skipped as a duplicate (of an earlier row of the file, `seen`, or of stored records, by the duplicate
 * policy). Rows creating a record their entity's import refuses (`refuseCreate`: a new deal without a company
 * or contact) are `refused`.
 */
export function classify(
  job: ImportJob,
  built: BuiltRecord[],
  existing: ExistingMatch[],
  seen: Map<string, number>,
  counts: ImportCounts,
  problems: RowProblem[],
): { creates: CreateRow[]; updates: UpdateRow[]; refused: Refusals } {
  const creates: CreateRow[] = [];
  const updates: UpdateRow[] = [];
  const refused: Refusals = new Map();
  const policy = job.options.duplicatePolicy;
  const refuseCreate = importSpec(job.entity).refuseCreate;
  // Stored records by key, once per batch (not a scan of every match per row: an update import matches most
  // rows of a batch); no per-row arrays for the common row that matches nothing.
  const byKey = new Map<string, ExistingMatch[]>();
  for (const e of existing) {
    const list = byKey.get(e.key);
    if (list) list.push(e);
    else byKey.set(e.key, [e]);
  }
  for (const b of built) {
    let earlier: number | undefined;
    for (const k of b.keys) {
      earlier = seen.get(k);
      if (earlier !== undefined) break;
    }
    const matches = byKey.size ? matchesOf(b.keys, byKey) : NONE;
    const isDuplicate = earlier !== undefined || matches.length > 0;
    const creating = !isDuplicate || policy === "create";
    const refusal = creating ? refuseCreate?.(b.set) : null;
    if (refusal) {
      refused.set(b.rowNumber, refusal);
      continue;
    }
    for (const k of b.keys) if (!seen.has(k)) seen.set(k, b.rowNumber);
    if (isDuplicate) counts.duplicates++;
    if (creating) {
      creates.push(b);
      continue;
    }
    const skipWith = (reason: string) => {
      counts.toSkip++;
      problems.push(problem(b.rowNumber, job.options.matchKey, b.keys[0] ?? "", reason, "duplicate"));
    };
    if (earlier !== undefined) skipWith(`Duplicate of row ${earlier} in this file.`);
    else if (policy === "skip") skipWith("A record with this value already exists.");
    else if (matches.length > 1) skipWith(`Matches ${matches.length} existing records; not updated.`);
    else if (!matches[0]?.updatable) skipWith("Matches a record you may not update.");
    else updates.push({ ...b, id: matches[0].id });
  }
  return { creates, updates, refused };
}

const NONE: ExistingMatch[] = [];

/** The distinct stored records (by id) matching any of a row's keys. */
function matchesOf(keys: string[], byKey: Map<string, ExistingMatch[]>): ExistingMatch[] {
  let found: Map<string, ExistingMatch> | null = null;
  for (const k of keys) {
    const list = byKey.get(k);
    if (!list) continue;
    found ??= new Map();
    for (const e of list) found.set(e.id, e);
  }
  return found ? [...found.values()] : NONE;
}
