import type { Kysely, RawBuilder, Transaction } from "kysely";
import type { Actor } from "../access/actor.js";
import type { DB } from "../db/schema.js";

/**
 * Items besides activities that belong on record timelines (mail threads, later SMS conversations, tickets),
 * contributed by their modules through `AppModule.timelineSources` — the timeline merges them with activities
 * in one keyset page without knowing their tables.
 */
export interface TimelineSource {
  /** Unique name ("mailThreads"). */
  name: string;
  /** The activity kind its items present as; the timeline's `kinds` filter includes or excludes the source. */
  kind: string;
  /**
   * `select id, at` of the newest `limit` items linked to the record `(entity, recordId)` (SQL expressions of
   * the timeline's key row) that the actor may see, strictly before the cursor `(at, id)` when given, newest
   * first — one ordered index range. Trusted SQL; values bound.
   */
  page(
    actor: Actor,
    key: { entity: RawBuilder<unknown>; recordId: RawBuilder<unknown> },
    before: { at: string; id: string } | null,
    limit: number,
  ): RawBuilder<{ id: string; at: Date }>;
  /** The page's items by id, presented in the activity item shape (`kind` = the source's kind). */
  load(
    db: Kysely<DB> | Transaction<DB>,
    actor: Actor,
    ids: string[],
  ): Promise<Map<string, Record<string, unknown>>>;
}

const sources = new Map<string, TimelineSource>();

/** Adds the sources of the given modules (called with the entities at start; the same source twice is kept once). */
export function installTimelineSources(modules: ReadonlyArray<{ timelineSources?: TimelineSource[] }>): void {
  for (const s of modules.flatMap((m) => m.timelineSources ?? [])) {
    const existing = sources.get(s.name);
    if (existing && existing !== s) throw new Error(`Timeline source ${s.name} is declared twice`);
    sources.set(s.name, s);
  }
}

export function timelineSources(): TimelineSource[] {
  return [...sources.values()];
}
