import { type Kysely, sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { DeliveredEvent } from "../../platform/events/consumer.js";
import type { Definition } from "./schemas.js";
import { isUpdateLike, type MatchFacts, triggerKind } from "./triggers.js";

type Db = Kysely<DB> | Transaction<DB>;

export interface CompiledRule {
  ruleId: string;
  versionId: string;
  name: string;
  ownerId: string;
  entity: string;
  definition: Definition;
  match: (e: DeliveredEvent) => boolean;
  /** For triggers on another entity's events: the entity whose events it takes and the records an event concerns. */
  on?: { entity: string; records(e: DeliveredEvent): string[] };
}

const UPDATE_LIKE = "\u0000update-like";
const key = (entity: string, action: string) => `${entity}\u0000${action}`;

/**
 * The enabled event-triggered rules, precompiled and indexed by (entity, action): matching an event is one map
 * lookup plus the candidates' predicates (no query). Refreshed when a rule or a pipeline stage changed (a
 * stamp query per consumer batch), in every worker process.
 */
export class RuleIndex {
  readonly #byKey = new Map<string, CompiledRule[]>();
  readonly size: number;

  constructor(rules: CompiledRule[]) {
    this.size = rules.length;
    for (const r of rules) {
      const def = triggerKind(r.definition.trigger.kind);
      const actions = def.actions === "update-like" ? [UPDATE_LIKE] : (def.actions ?? []);
      for (const a of actions) {
        const k = key(r.on?.entity ?? r.entity, a);
        const list = this.#byKey.get(k) ?? [];
        list.push(r);
        this.#byKey.set(k, list);
      }
    }
  }

  /** The rules an event triggers (before loop guards). */
  match(e: DeliveredEvent): CompiledRule[] {
    const direct = this.#byKey.get(key(e.entity, e.action));
    const updates = isUpdateLike(e.action) ? this.#byKey.get(key(e.entity, UPDATE_LIKE)) : undefined;
    if (!direct && !updates) return [];
    const out: CompiledRule[] = [];
    for (const r of direct ?? []) if (r.match(e)) out.push(r);
    for (const r of updates ?? []) if (r.match(e)) out.push(r);
    return out;
  }
}

export async function loadFacts(db: Db): Promise<MatchFacts> {
  const rows = await db.selectFrom("pipeline_stages").select(["id", "kind"]).execute();
  const stagesByKind = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = stagesByKind.get(r.kind) ?? new Set<string>();
    set.add(r.id);
    stagesByKind.set(r.kind, set);
  }
  return { stagesByKind };
}

export function compileRules(
  rows: {
    id: string;
    current_version_id: string | null;
    name: string;
    owner_id: string;
    entity: string;
    definition: unknown;
  }[],
  facts: MatchFacts,
): RuleIndex {
  const compiled: CompiledRule[] = [];
  for (const r of rows) {
    const definition = r.definition as Definition;
    const def = triggerKind(definition.trigger.kind);
    if (def.source !== "event" || !def.compile) continue;
    compiled.push({
      ruleId: r.id,
      versionId: r.current_version_id as string,
      name: r.name,
      ownerId: r.owner_id,
      entity: r.entity,
      definition,
      match: def.compile(definition.trigger, facts),
      ...(def.on
        ? { on: { entity: def.on.entity, records: (e) => def.on?.records(e, r.entity) ?? [] } }
        : {}),
    });
  }
  return new RuleIndex(compiled);
}

async function stamp(db: Db): Promise<string> {
  const r = await sql<{ s: string }>`select concat_ws('/',
      (select max(updated_at)::text || count(*)::text from automation_rules),
      (select max(updated_at)::text || count(*)::text from pipeline_stages)) as s`.execute(db);
  return r.rows[0]?.s ?? "";
}

let cached: { stamp: string; index: RuleIndex } | null = null;

/** The current index (reloaded only when the stamp moved). */
export async function ruleIndex(db: Db): Promise<RuleIndex> {
  const s = await stamp(db);
  if (cached && cached.stamp === s) return cached.index;
  const rows = await db
    .selectFrom("automation_rules as r")
    .innerJoin("automation_rule_versions as v", "v.id", "r.current_version_id")
    .select(["r.id", "r.current_version_id", "r.name", "r.owner_id", "r.entity", "v.definition"])
    .where("r.enabled", "=", true)
    .where("r.deleted_at", "is", null)
    .execute();
  const index = compileRules(rows, await loadFacts(db));
  cached = { stamp: s, index };
  return index;
}
