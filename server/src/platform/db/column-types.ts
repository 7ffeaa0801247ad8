import type { ColumnType } from "kysely";

/**
 * The TypeScript shapes the database cannot state: what a jsonb document holds and which values a text column
 * with a CHECK constraint takes. `scripts/gen-db.ts` maps columns to these names when it generates
 * `generated/db.ts`; everything else there (columns, nullability, defaults) comes from the migrated schema.
 */

/** A jsonb column: read as T, written as T (serialized by pg) or as its JSON text. */
export type JsonColumn<T = unknown> = ColumnType<T, T | string, T | string>;

export type Scope = "none" | "own" | "team" | "all";
export type PermissionMap = Record<string, Partial<Record<string, Scope>>>;
export type FieldRuleMap = Record<string, Record<string, "hidden" | "readonly">>;

// Stored shapes of contact values live with their normalization (the record kernel); one definition for both.
export type { AddressValue, EmailValue, PhoneValue, TaxIdValue } from "../records/values.js";
export interface MessengerValue {
  kind: string;
  handle: string;
}
export interface ConsentGrant {
  granted: boolean;
  at: string | null;
  origin: string | null;
}
export type Consent = Partial<Record<"emailMarketing" | "smsMarketing", ConsentGrant>>;

export type ActivityKind = "call" | "meeting" | "note" | "email" | "sms" | "status_change" | "system";
export interface ActivityParticipants {
  users: string[];
  contacts: string[];
}

export type TaskStatus = "open" | "done" | "cancelled";
export type TaskPriority = "low" | "normal" | "high" | "urgent";
export interface TaskParticipant {
  userId?: string;
  contactId?: string;
  name?: string;
  email?: string;
}

export type StageKind = "open" | "won" | "lost";
export type ViewVisibility = "private" | "team" | "everyone";
export interface CustomFieldOption {
  value: string;
  label: string;
}

export type ImportStatus =
  | "uploaded"
  | "validating"
  | "validated"
  | "queued"
  | "running"
  | "completed"
  | "failed"
  | "reverting"
  | "reverted";
export interface ImportOptions {
  duplicatePolicy: "skip" | "update" | "create";
  skipInvalidRows: boolean;
  matchKey: "email" | "phone" | "taxId" | "name" | "externalId";
  missingCompanies?: "refuse" | "create" | undefined;
}
export interface ImportCounts {
  total: number;
  valid: number;
  invalid: number;
  duplicates: number;
  toCreate: number;
  toUpdate: number;
  toSkip: number;
  /** Contacts with `missingCompanies: create`: the companies the import would create. */
  companiesToCreate?: number;
}
export type ImportRowAction = "created" | "updated";

export type ExportFormat = "csv" | "xlsx" | "vcf";
export type ExportStatus = "queued" | "running" | "completed" | "failed";
export interface ExportParams {
  filter?: string | undefined;
  /** The list's quick search (`?q=`), as the list applied it. */
  q?: string | undefined;
  sort?: string | undefined;
  columns?: string[] | undefined;
  delimiter?: "," | ";" | undefined;
  /** Header row: column labels (default; `labels` = the caller's translations by key) or field keys. */
  header?: "labels" | "keys" | undefined;
  labels?: Record<string, string> | undefined;
}

/**
 * One row the merge changed: a link moved to the survivor (`moved`: `column` was `from`), dropped as a duplicate
 * (`deleted`), or a row the merge added (`inserted`, e.g. the survivor's new stage stay), removed on undo.
 */
export interface MovedLink {
  table: string;
  /** Primary-key values of the row, or the full row for `deleted`. */
  key: Record<string, unknown>;
  column: string;
  from: string | null;
  op: "moved" | "deleted" | "inserted";
  row?: Record<string, unknown>;
}
