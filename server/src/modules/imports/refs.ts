import { type Kysely, sql, type Transaction } from "kysely";
import { type Actor, scopeFor } from "../../platform/access/actor.js";
import { entityDefinition } from "../../platform/access/entities.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import { isLinkable, readableRecordIds } from "../../platform/records/links.js";
import { idsHoldingAny } from "./dedupe.js";

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Looks up the records that cells refer to by name (owners by email, companies by name or tax ID, contacts by
 * email, pipelines and stages by name) — one query per batch and kind, cached for the whole import.
 */
export class RefResolver {
  private owners = new Map<string, string | null>();
  private companies = new Map<string, string | null>();
  /** Lowercased company ref → the name as search folds it (`tandem_search_norm`), for refs not found. */
  private companyNorms = new Map<string, string>();
  private contacts = new Map<string, string | null>();
  private users = new Map<string, string | null>();
  /** `entity:lowercased ref` → record id (custom link values, by id or by name). */
  private links = new Map<string, string | null>();
  private pipelines: { id: string; name: string; isDefault: boolean }[] | null = null;
  private stages: {
    id: string;
    pipelineId: string;
    name: string;
    probability: number;
    kind: string;
    position: number;
  }[] = [];

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
   * Companies the actor can read, by name as search matches it (case, accents, ё/е and the like folded; one
   * probe per name on the folded-name index) or by tax ID value (refs with a digit only); the oldest wins.
   */
  async loadCompanies(refs: string[]): Promise<void> {
    const missing = [...new Set(refs.map((r) => r.trim().toLowerCase()))].filter(
      (r) => r && !this.companies.has(r),
    );
    if (missing.length === 0) return;
    const readable = ownerScope(this.actor, "companies", "read", "c.owner_id");
    const byName = await sql<{ ref: string; norm: string; id: string | null }>`
      select k.ref, tandem_search_norm(k.ref) as norm, (
        select c.id from companies c
        where tandem_search_norm(c.name) = tandem_search_norm(k.ref) and c.deleted_at is null and ${readable}
        order by c.created_at limit 1
      ) as id
      from unnest(${missing}::text[]) as k(ref)`.execute(this.db);
    const taxRefs = byName.rows.filter((r) => !r.id && /\d/.test(r.ref)).map((r) => r.ref);
    const byTax = new Map<string, string>();
    if (taxRefs.length) {
      const rows = await this.db
        .selectFrom("companies as c")
        .select(["c.id", "c.tax_id_values"])
        .where("c.deleted_at", "is", null)
        .where(readable)
        .where(
          sql<boolean>`exists (select 1 from unnest(c.tax_id_values) t where lower(split_part(t, ':', 2)) = any(${taxRefs}))`,
        )
        .orderBy("c.created_at", "desc")
        .execute();
      for (const row of rows) {
        for (const t of row.tax_id_values) byTax.set(t.split(":")[1]?.toLowerCase() ?? "", row.id);
      }
    }
    for (const r of byName.rows) {
      const id = r.id ?? byTax.get(r.ref) ?? null;
      this.companies.set(r.ref, id);
      if (!id) this.companyNorms.set(r.ref, r.norm);
    }
  }

  company(ref: string): string | null {
    return this.companies.get(ref.trim().toLowerCase()) ?? null;
  }

  /** A company ref that named no existing company: its folded name (what names one new company). */
  missingCompany(ref: string): string | null {
    const key = ref.trim().toLowerCase();
    return this.companies.get(key) === null ? (this.companyNorms.get(key) ?? null) : null;
  }

  /** Points a company ref at a company the import creates (or forgets it again with `null`). */
  assignCompany(ref: string, id: string | null): void {
    const key = ref.trim().toLowerCase();
    this.companies.set(key, id);
  }

  async loadContacts(emails: string[]): Promise<void> {
    const missing = [...new Set(emails)].filter((e) => !this.contacts.has(e));
    if (missing.length === 0) return;
    const rows = await this.db
      .selectFrom("contacts as c")
      .select(["c.id", "c.email_values"])
      .where("c.deleted_at", "is", null)
      .where(ownerScope(this.actor, "contacts", "read", "c.owner_id"))
      .where(sql<boolean>`c.id in (${idsHoldingAny("contacts", "email_values", missing)})`)
      .orderBy("c.created_at")
      .execute();
    for (const e of missing) this.contacts.set(e, rows.find((r) => r.email_values.includes(e))?.id ?? null);
  }

  contact(email: string): string | null {
    return this.contacts.get(email) ?? null;
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

  async loadPipelines(): Promise<void> {
    if (this.pipelines) return;
    this.pipelines = (
      await this.db
        .selectFrom("pipelines")
        .select(["id", "name", "is_default"])
        .where("deleted_at", "is", null)
        .orderBy("position")
        .execute()
    ).map((p) => ({ id: p.id, name: p.name, isDefault: p.is_default }));
    this.stages = (
      await this.db
        .selectFrom("pipeline_stages")
        .select(["id", "pipeline_id", "name", "probability", "kind", "position"])
        .orderBy("position")
        .execute()
    ).map((s) => ({ ...s, pipelineId: s.pipeline_id }));
  }

  /** The pipeline named (or the default one) and the stage named in it (or its first stage). */
  pipelineStage(
    pipelineName: string | undefined,
    stageName: string | undefined,
  ):
    | { pipelineId: string; stageId: string; probability: number; kind: string }
    | { field: "pipeline" | "stage"; error: string } {
    const pipelines = this.pipelines ?? [];
    const p = pipelineName
      ? pipelines.find((x) => x.name.toLowerCase() === pipelineName.toLowerCase())
      : (pipelines.find((x) => x.isDefault) ?? pipelines[0]);
    if (!p) {
      return {
        field: "pipeline",
        error: pipelineName ? `No pipeline named "${pipelineName}".` : "There is no pipeline.",
      };
    }
    const stages = this.stages.filter((s) => s.pipelineId === p.id);
    const s = stageName ? stages.find((x) => x.name.toLowerCase() === stageName.toLowerCase()) : stages[0];
    if (!s) {
      return {
        field: "stage",
        error: stageName ? `No stage named "${stageName}" in ${p.name}.` : `${p.name} has no stages.`,
      };
    }
    return { pipelineId: p.id, stageId: s.id, probability: s.probability, kind: s.kind };
  }
}
