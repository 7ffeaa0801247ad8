import type { Kysely, RawBuilder, SqlBool, Transaction } from "kysely";
import type { z } from "zod";
import type { Action, Actor, RequestContext } from "../access/actor.js";
import type { FieldMeta } from "../access/fields.js";
import type { Scope } from "../db/column-types.js";
import type { DB } from "../db/schema.js";
import type { JobQueue } from "../jobs/queue.js";
import { toSerbianLatin } from "../serbian-latin.js";
import type { EntityDuplicateCheck } from "./duplicate-check.js";
import type { DuplicateKeysSpec } from "./duplicate-keys.js";
import type { EntityImport } from "./import-spec.js";

/**
 * One record type of the CRM, declared once by the module that owns it (`AppModule.entities`) and read by every
 * cross-cutting feature: roles and the permission grid, views, custom fields, tags, search, import/export,
 * merge, task/activity links, timelines, notifications, hand-over and `GET /api/v1/meta/entities`.
 */
export interface EntityDefinition {
  /** API plural, also the permission key and the `(entity, record_id)` link value: "companies". */
  name: string;
  labels: EntityLabels;
  /** Table name (a plain SQL identifier). Its primary key must be `id uuid`. */
  table: string;
  /**
   * The `uuid NOT NULL REFERENCES users(id)` column naming the responsible user; null: not owned. The write
   * rule: a record may be changed, deleted or handed over by whom the role's scopes cover for this owner.
   */
  ownerColumn: string | null;
  /**
   * Records nobody may change or delete whatever their role (system timeline items the platform writes from
   * change events), as a test on the stored row; the owner rule still decides hand-over. The presenter answers
   * `permissions.update`/`delete` false with `locked: true`, and the entity's service refuses such writes with
   * the same test. Absent: the owner rule alone.
   */
  readOnlyWhen?: (row: Record<string, unknown>) => boolean;
  /** The record's human title: a column, or an expression over the table alias (trusted SQL). */
  title: string | ((alias: string) => RawBuilder<unknown>);
  /** `timestamptz` column set when the record is soft-deleted; null: rows are deleted for real. */
  softDeleteColumn: string | null;
  /**
   * Standard fields (API key, SQL column, type, filterable/sortable) for the list engine, field rules, import
   * mapping and export (custom fields are added by `fieldsFor`).
   */
  fields: FieldMeta[];
  /**
   * Which owned records are live work (open tasks, future meetings), counted separately in the hand-over plan.
   * Deactivation moves every owned record regardless. Omitted: every owned record is live.
   */
  handover?: (alias: string) => RawBuilder<SqlBool>;
  /** Wording of the hand-over plan ("open tasks"); defaults to the plural label. */
  handoverLabel?: string;
  /**
   * Structured values its API shape carries besides `fields` (lists of emails, phones…), which field rules may
   * hide too; `custom` is implied by the customFields capability.
   */
  presentedKeys?: readonly string[];
  /** Other entities this one is related to, and which of their timeline items its timeline shows. */
  relations?: EntityRelation[];
  capabilities: EntityCapabilities;
  /**
   * What the built-in roles (by key) may do with it when the entity is introduced; the module's migration writes
   * the same grants into the roles (Administrator and Read-only have `*`).
   */
  defaultGrants?: Readonly<Record<string, Partial<Record<Action, Scope>>>>;
  /** The list screen's default order in the list engine's grammar ("-createdAt"); default "name". */
  defaultSort?: string;
  /** Base path of the record routes; default `/api/v1/<name>`. */
  apiPath?: string;
  /** Where the web's navigation lists the entity's list screen; absent: not in the navigation. */
  navigation?: { group: NavigationGroup; order: number };
  /**
   * How generic writers (automation rules) update a record: through the module's own service, with its
   * checks, events and side effects. Absent: rules cannot change this entity's fields.
   */
  writer?: EntityWriter;
  /**
   * How generic writers (an automation rule's "create a related record") create a record: through the module's
   * own create service. Absent: rules cannot create this entity.
   */
  creator?: EntityCreator;
  /**
   * What likely duplicates share (emails, phones, tax ids, the name in a city), kept as keys by triggers that a
   * migration installs (`installDuplicateKeys`; a test checks the installed ones match); the duplicates finder
   * groups every entity declaring them.
   */
  duplicateKeys?: DuplicateKeysSpec;
}

export interface EntityWriter {
  /** The PATCH body schema (API keys); a patch is checked against it when a rule is saved and run. */
  patchSchema: z.ZodType;
  update(
    trx: Transaction<DB>,
    ctx: RequestContext,
    jobs: JobQueue,
    id: string,
    patch: Record<string, unknown>,
  ): Promise<unknown>;
}

export interface EntityCreator {
  /** The POST body schema (API keys); the step's fixed values are checked against it at save and run. */
  createSchema: z.ZodType;
  create(
    trx: Transaction<DB>,
    ctx: RequestContext,
    jobs: JobQueue,
    input: Record<string, unknown>,
  ): Promise<{ id: string }>;
  /**
   * The part of a create body that links the new record to a record of `to` (a deal's `companyId`, a task's
   * `links`), or null when this entity cannot be linked to it.
   */
  linkTo(to: EntityDefinition, id: string): Record<string, unknown> | null;
}

/** Navigation groups of the web's sidebar, in this order. */
export const NAVIGATION_GROUPS = ["customers", "sales", "work", "catalog"] as const;
export type NavigationGroup = (typeof NAVIGATION_GROUPS)[number];

/** Languages an entity declares its labels in. */
export const LABEL_LANGUAGES = ["en", "ru", "sr", "kk"] as const;
export type EntityLabels = Record<(typeof LABEL_LANGUAGES)[number], { singular: string; plural: string }>;
/** Interface languages: Serbian Latin (`sr-Latn`) labels are the Serbian ones transliterated. */
export const LANGUAGES = ["en", "ru", "sr", "sr-Latn", "kk"] as const;
export type Language = (typeof LANGUAGES)[number];

export function entityLabel(labels: EntityLabels, language: Language): { singular: string; plural: string } {
  if (language !== "sr-Latn") return labels[language];
  return { singular: toSerbianLatin(labels.sr.singular), plural: toSerbianLatin(labels.sr.plural) };
}

export interface EntityRelation {
  /** The related entity. */
  entity: string;
  /**
   * `SELECT entity, record_id` of the related records whose timeline items also belong on this record's
   * timeline (a company shows its contacts' and deals' items). Trusted SQL; `id` is a bound parameter.
   */
  timeline?: (id: string) => RawBuilder<unknown>;
}

export type ExportFormat = "csv" | "xlsx" | "vcf";

/** What the cross-cutting features offer for this entity. Absent = not offered. */
export interface EntityCapabilities {
  /** Global search: the entity's search provider. */
  search?: EntitySearchProvider;
  /** Tasks, activities and files may link to its records (`(entity, record_id)` rows). */
  linkable?: boolean;
  /** Has a `custom jsonb` column for admin-defined fields. */
  customFields?: boolean;
  /** Has a `tags text[]` column holding tag names. */
  tags?: boolean;
  /** Saved views of its list. */
  views?: boolean;
  /** Import from CSV/XLSX/vCard: how its rows are read and written (`import-spec.ts`). */
  import?: EntityImport;
  /** Export through the list engine in these formats. */
  export?: { formats: readonly ExportFormat[] };
  /** Duplicates are merged (moves its links to the survivor); how its own columns merge (`EntityMerge`). */
  merge?: true | EntityMerge;
  /** Has a timeline of activities. */
  timeline?: boolean;
  /** Files may be attached to its records (`/api/v1/files`, the Files panel; modules/files). */
  files?: boolean;
  /** Create forms ask for likely duplicates while being filled in (`POST /api/v1/duplicates/check`). */
  duplicateCheck?: EntityDuplicateCheck;
}
/** What a merge must know of an entity beyond its field metadata. */
export interface EntityMerge {
  /** Field keys whose chosen value spans several columns, taken together from the chosen record. */
  columnGroups?: Readonly<Record<string, readonly string[]>>;
  /** Columns derived from the chosen ones by the entity's own write rules (a contact's name from its parts). */
  derive?(survivor: Record<string, unknown>, set: Record<string, unknown>): Record<string, unknown>;
}

export type Capability = keyof EntityCapabilities;
export const CAPABILITIES: readonly Capability[] = [
  "search",
  "linkable",
  "customFields",
  "tags",
  "views",
  "import",
  "export",
  "merge",
  "timeline",
  "files",
  "duplicateCheck",
];

/** What the user typed, read as text and — when it looks like one — as a phone number or its fragment. */
export interface ParsedQuery {
  text: string;
  /** The query's digits when it consists of phone characters only and has at least 4 digits. */
  phoneDigits: string | null;
  /** The digits to look for inside stored phone digits (national number for Russian/Kazakh 8…/7… numbers). */
  phoneCore: string | null;
  /**
   * The start of a number typed with a trunk prefix, in the stored international form: `8 978 690` (Russia,
   * Kazakhstan) → `7978690`; null when the query is not such a prefix.
   */
  phoneAlt: string | null;
}

export interface SearchInput {
  q: ParsedQuery;
  /** tandem_search_norm(q.text), computed by PostgreSQL so it matches the indexed expressions exactly. */
  norm: string;
  limit: number;
}

export interface SearchHit {
  id: string;
  title: string;
  subtitle: string | null;
  highlight: { field: string; value: string; range: [number, number] | null };
  score: number;
}

/** One entity's part of global search; it applies the read scope and never matches a hidden field. */
export interface EntitySearchProvider {
  search(db: Kysely<DB> | Transaction<DB>, actor: Actor, input: SearchInput): Promise<SearchHit[]>;
  /**
   * What "finds" a record, as a predicate on the entity's row `alias`: global search takes its candidates by it
   * and a list's quick search (`?q=`, `platform/query/quick-search.ts`) filters by it — one definition. It never
   * matches a field hidden from the actor; the read scope is the caller's to apply.
   */
  match(actor: Actor, input: Pick<SearchInput, "q" | "norm">, alias: string): RawBuilder<SqlBool>;
}
