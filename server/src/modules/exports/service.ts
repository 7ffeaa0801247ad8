import type { Selectable } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import { ownerScope, requireAnyScope } from "../../platform/access/scope.js";
import { writeAudit } from "../../platform/audit/audit.js";
import type { Database } from "../../platform/db/database.js";
import { AppError, NotFoundError, ValidationError } from "../../platform/errors.js";
import { storeFile } from "../../platform/files/storage.js";
import type { JobQueue } from "../../platform/jobs/queue.js";
import { actorForUser } from "../../platform/records/actor.js";
import { entityCatalog } from "../../platform/records/catalog.js";
import type { ExportFormat } from "../../platform/records/definition.js";
import { exportColumns } from "./columns.js";
import { exportRecords } from "./records.js";
import type { ExportParams, ExportsTable } from "./tables.js";
import { contactVCard, csvStream, vcfStream, visibleCardRow, xlsxStream } from "./writers.js";

export const EXPORT_JOB = "exports.run";
export type ExportRow = Selectable<ExportsTable>;
const KEEP_DAYS = 7;
const EXPORT_LIMIT_BYTES = 2 * 1024 * 1024 * 1024;

export interface CreateExport {
  /** An entity declaring the export capability (the route validates it against the catalogue). */
  entity: string;
  format: ExportFormat;
  filter?: string | undefined;
  q?: string | undefined;
  sort?: string | undefined;
  columns?: string[] | undefined;
  viewId?: string | undefined;
  delimiter?: "," | ";" | undefined;
  header?: "labels" | "keys" | undefined;
  labels?: Record<string, string> | undefined;
}

/** Records the request, audits it and queues the job; the file is written in the background. */
export async function createExport(db: Database, jobs: JobQueue, ctx: RequestContext, input: CreateExport) {
  requireAnyScope(ctx.actor, input.entity, "export");
  const formats = entityCatalog().get(input.entity)?.capabilities.export?.formats ?? [];
  if (!formats.includes(input.format)) {
    throw ValidationError.field("body.format", `Formats of ${input.entity}: ${formats.join(", ")}.`);
  }
  const params: ExportParams = {
    filter: input.filter,
    ...(input.q ? { q: input.q } : {}),
    sort: input.sort,
    columns: input.columns,
    delimiter: input.delimiter,
    header: input.header,
    labels: input.labels,
  };
  if (input.viewId) {
    const { actor } = ctx;
    const view = await db
      .selectFrom("saved_views")
      .select(["filter", "sort", "columns", "entity"])
      .where("id", "=", input.viewId)
      .where((eb) =>
        eb.or([
          eb("owner_id", "=", actor.userId),
          eb("visibility", "=", "everyone"),
          ...(actor.teamId
            ? [eb.and([eb("visibility", "=", "team"), eb("team_id", "=", actor.teamId)])]
            : []),
        ]),
      )
      .executeTakeFirst();
    if (!view || view.entity !== input.entity) throw new NotFoundError("View");
    params.filter ??= view.filter ? JSON.stringify(view.filter) : undefined;
    params.sort ??= view.sort;
    params.columns ??= view.columns;
  }
  // Fail fast on a bad filter/sort instead of in the job.
  const { columns, fields } = await exportColumns(db, ctx.actor, input.entity, params.columns, params);
  await exportRecords(db, ctx.actor, input.entity, fields, params).next();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("exports")
      .values({
        entity: input.entity,
        format: input.format,
        params: JSON.stringify(params),
        columns: JSON.stringify(columns.map((c) => c.key)),
        created_by: ctx.actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await jobs.sendWith(trx, EXPORT_JOB, { exportId: row.id });
    await writeAudit(trx, {
      action: "export.created",
      actorId: ctx.actor.userId,
      entity: input.entity,
      details: {
        exportId: row.id,
        format: input.format,
        filter: params.filter ?? null,
        columns: columns.map((c) => c.key),
      },
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      requestId: ctx.requestId,
    });
    return row;
  });
}

export async function findExport(db: Database, ctx: RequestContext, id: string): Promise<ExportRow> {
  const row = await db
    .selectFrom("exports")
    .selectAll()
    .where("id", "=", id)
    .where("created_by", "=", ctx.actor.userId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("Export");
  return row;
}

/** The job: streams the records through the chosen writer into file storage. */
export async function runExport(db: Database, exportId: string): Promise<void> {
  const row = await db
    .updateTable("exports")
    .set({ status: "running" })
    .where("id", "=", exportId)
    .where("status", "in", ["queued", "running"])
    .returningAll()
    .executeTakeFirst();
  if (!row) return;
  try {
    const actor = await actorForUser(db, row.created_by);
    if (!actor)
      throw new AppError(409, "user_inactive", "The user who asked for the export is no longer active.");
    // Permissions are read again: a role changed since the request applies.
    const { columns, fields } = await exportColumns(db, actor, row.entity, row.params.columns, row.params);
    // A vCard carries the contact's company (ORG) whichever columns were asked for.
    const cardColumns =
      row.format === "vcf"
        ? (await exportColumns(db, actor, row.entity, undefined, row.params)).columns
        : columns;
    const lookups = cardColumns.flatMap((c) => c.lookup ?? []);
    const records = exportRecords(db, actor, row.entity, fields, row.params, lookups);
    const counter = { n: 0 };
    const body =
      row.format === "csv"
        ? csvStream(records, columns, row.params.delimiter ?? ",", counter)
        : row.format === "xlsx"
          ? xlsxStream(records, columns, counter)
          : vcfStream(records, counter, actor);
    const stamp = new Date().toISOString().slice(0, 10);
    const file = await storeFile(db, body, {
      name: `${row.entity}-${stamp}.${row.format}`,
      purpose: "export",
      createdBy: row.created_by,
      limitBytes: EXPORT_LIMIT_BYTES,
      kind: row.format,
      expiresAt: new Date(Date.now() + KEEP_DAYS * 86_400_000),
    });
    await db
      .updateTable("exports")
      .set({
        status: "completed",
        file_id: file.id,
        row_count: counter.n,
        columns: JSON.stringify(columns.map((c) => c.key)),
        finished_at: new Date(),
      })
      .where("id", "=", exportId)
      .execute();
  } catch (err) {
    const final = err instanceof AppError;
    await db
      .updateTable("exports")
      .set({
        status: final ? "failed" : "running",
        error: err instanceof Error ? err.message : String(err),
        finished_at: final ? new Date() : null,
      })
      .where("id", "=", exportId)
      .execute();
    if (!final) throw err;
  }
}

/** One contact as a vCard 4.0 (404 outside the actor's read scope). */
export async function contactCard(db: Database, ctx: RequestContext, id: string) {
  const row = await db
    .selectFrom("contacts as c")
    .selectAll("c")
    .where("c.id", "=", id)
    .where("c.deleted_at", "is", null)
    .where(ownerScope(ctx.actor, "contacts", "read", "c.owner_id"))
    .executeTakeFirst();
  if (!row) throw new NotFoundError("Contact");
  const company = await db
    .selectFrom("contact_companies as cc")
    .innerJoin("companies as co", "co.id", "cc.company_id")
    .select("co.name")
    .where("cc.contact_id", "=", id)
    .where("co.deleted_at", "is", null)
    .where(ownerScope(ctx.actor, "companies", "read", "co.owner_id"))
    .orderBy("cc.is_primary", "desc")
    .executeTakeFirst();
  return { name: row.name, card: contactVCard(visibleCardRow(ctx.actor, row), company?.name ?? null) };
}
