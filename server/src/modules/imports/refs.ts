import { type Kysely, sql, type Transaction } from "kysely";
import { type Actor, scopeFor } from "../../platform/access/actor.js";
import { entityDefinition } from "../../platform/access/entities.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import { isLinkable, readableRecordIds } from "../../platform/records/links.js";
import { declaredImport } from "./declared.js";

type Db = Kysely<DB> | Transaction<DB>;

/** How reference cells are compared: trimmed and lowercased. */
export const refKey = (ref: string) => ref.trim().toLowerCase();

/**
 * Looks up the records that cells refer to (owners by email, reference targets through the referenced
 * entity's import `lookup`, custom `user` and `link` values) — one query per batch and kind, cached for the
 * whole import.
 */
export class RefResolver {
  private owners = new Map<string, string | null>();
  /** Entity → ref key (`refKey`) → record id (reference targets), and the folded name of refs naming none. */
  private refs = new Map<string, Map<string, string | null>>();
  private folds = new Map<string, Map<string, string>>();
  private users = new Map<string, string | null>();
  /** `entity:lowercased ref` → record id (custom link values, by id or by name). */
  private links = new Map<string, string | null>();

  constructor(
    private readonly db: Db,
    private readonly actor: Actor,
    private readonly entity: string,
  ) {}

  /** Owners must be active users within the actor's assign scope for the entity. */
  async loadOwners(emails: string[]): Promise<void> {
    const missing = [...new Set(emails.map((e) => e.toLowerCase()))].filter((e) => !this.owners.has(e));
    if (missing.length === 0) return;
    const scope = scopeFor(this.actor, this.entity, "assign");
    const rows = await this.db
      .selectFrom("users as u")
      .select(["u.id", sql<string>`lower(u.email)`.as("email")])
      .where(sql<boolean>`lower(u.email) = any(${missing})`)
      .where("u.is_active", "=", true)
      .where((eb) => {
        if (scope === "all") return eb.val(true);
        if (scope === "team" && this.actor.teamId) {
          return eb.or([eb("u.id", "=", this.actor.userId), eb("u.team_id", "=", this.actor.teamId)]);
        }
        return eb("u.id", "=", this.actor.userId);
      })
      .execute();
    for (const e of missing) this.owners.set(e, rows.find((r) => r.email === e)?.id ?? null);
  }

  owner(email: string): string | null {
    return this.owners.get(email.toLowerCase()) ?? null;
  }

  /**
   * Records of `entity` the batch's reference cells name, through that entity's import `lookup` (one query or
   * a few per batch, within the actor's read scope); refs are compared trimmed and lowercased.
   */
  async loadRefs(entity: string, refs: string[]): Promise<void> {
    const known = this.refsOf(entity);
    const missing = [...new Set(refs.map(refKey))].filter((r) => r && !known.has(r));
    if (missing.length === 0) return;
    const lookup = declaredImport(entity)?.lookup;
    const found = lookup ? await lookup.find(this.db, this.actor, missing) : new Map();
    let folds = this.folds.get(entity);
    for (const r of missing) {
      const hit = found.get(r);
      known.set(r, hit?.id ?? null);
      if (!hit?.id && hit?.fold) {
        folds ??= new Map();
        this.folds.set(entity, folds);
        folds.set(r, hit.fold);
      }
    }
  }

  /** The record of `entity` a reference names (null: none, or not looked up). */
  ref(entity: string, ref: string): string | null {
    return this.refByKey(entity, refKey(ref));
  }

  /** `ref` by the ref's key (`refKey`), for callers asking more than once per cell. */
  refByKey(entity: string, key: string): string | null {
    return this.refs.get(entity)?.get(key) ?? null;
  }

  /** A ref (by its key) that named no record: the key naming one new record for it (its folded name), else null. */
  missingRef(entity: string, key: string): string | null {
    return this.refs.get(entity)?.get(key) === null ? (this.folds.get(entity)?.get(key) ?? null) : null;
  }

  /** Points a ref (by its key) at a record the import creates (or forgets it again with `null`). */
  assignRef(entity: string, key: string, id: string | null): void {
    this.refsOf(entity).set(key, id);
  }

  private refsOf(entity: string): Map<string, string | null> {
    let known = this.refs.get(entity);
    if (!known) {
      known = new Map();
      this.refs.set(entity, known);
    }
    return known;
  }

  /** Values of custom `user` fields: any active user, by email. */
  async loadUsers(emails: string[]): Promise<void> {
    const missing = [...new Set(emails.map((e) => e.toLowerCase()))].filter((e) => !this.users.has(e));
    if (missing.length === 0) return;
    const rows = await this.db
      .selectFrom("users as u")
      .select(["u.id", sql<string>`lower(u.email)`.as("email")])
      .where(sql<boolean>`lower(u.email) = any(${missing})`)
      .where("u.is_active", "=", true)
      .execute();
    for (const e of missing) this.users.set(e, rows.find((r) => r.email === e)?.id ?? null);
  }

  user(email: string): string | null {
    return this.users.get(email.toLowerCase()) ?? null;
  }

  /**
   * Values of custom `link` fields: a record of `entity` the actor can read, by id or by its exact
   * (case-insensitive) name — a deal's title. Several records with one name: the oldest wins, like companies.
   */
  async loadLinks(entity: string, refs: string[]): Promise<void> {
    const def = entityDefinition(entity);
    const missing = [...new Set(refs.map((r) => r.trim().toLowerCase()))].filter(
      (r) => !this.links.has(`${entity}:${r}`),
    );
    if (!def || !isLinkable(entity) || missing.length === 0) {
      for (const r of missing) this.links.set(`${entity}:${r}`, null);
      return;
    }
    const isId = (r: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(r);
    const ids = await readableRecordIds(this.db, this.actor, entity, missing.filter(isId));
    const names = missing.filter((r) => !isId(r));
    const nameColumn = typeof def.title === "string" ? def.title : "name";
    const byName = new Map<string, string>();
    if (names.length) {
      const rows = await sql<{ id: string; name: string }>`
        select r.id, lower(${sql.ref(`r.${nameColumn}`)}) as name from ${sql.table(def.table)} as r
        where lower(${sql.ref(`r.${nameColumn}`)}) = any(${names}) and r.deleted_at is null
          and ${ownerScope(this.actor, entity, "read", `r.${def.ownerColumn}`)}
        order by r.created_at desc`.execute(this.db);
      for (const r of rows.rows) byName.set(r.name, r.id);
    }
    for (const r of missing) {
      this.links.set(`${entity}:${r}`, isId(r) ? (ids.has(r) ? r : null) : (byName.get(r) ?? null));
    }
  }

  link(entity: string, ref: string): string | null {
    return this.links.get(`${entity}:${ref.trim().toLowerCase()}`) ?? null;
  }
}
