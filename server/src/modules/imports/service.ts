import type { Readable } from "node:stream";
import iconv from "iconv-lite";
import type { RequestContext } from "../../platform/access/actor.js";
import { requireAnyScope } from "../../platform/access/scope.js";
import { writeAudit } from "../../platform/audit/audit.js";
import type { Database } from "../../platform/db/database.js";
import { AppError, ConflictError, ValidationError } from "../../platform/errors.js";
import { readFile, readHead, storeFile } from "../../platform/files/storage.js";
import type { JobQueue } from "../../platform/jobs/queue.js";
import { userLanguage } from "../../platform/records/users.js";
import { defaultRegion } from "../../platform/records/values.js";
import { creatingTarget, importSpec } from "./declared.js";
import { type ImportEntity, type ImportField, importFields } from "./fields.js";
import { createForbidden, mayCreate } from "./new-refs.js";
import type { ImportSettings } from "./options.js";
import { findImport, type ImportRow, isConfigurable, isStaleCheck } from "./repository.js";
import { detectDelimiter } from "./sources/delimiter.js";
import { detectEncoding, isSupportedEncoding } from "./sources/encoding.js";
import { readRows, type SourceFormat } from "./sources/rows.js";
import { suggestMapping } from "./suggest.js";
import type { ImportOptions } from "./tables.js";
import { getWorkspaceCountry } from "./workspace-country.js";

export const IMPORT_JOB = "imports.run";
const PREVIEW_ROWS = 20;
export const DEFAULT_OPTIONS: ImportOptions = {
  duplicatePolicy: "skip",
  skipInvalidRows: false,
  matchKey: "email",
};

/** Stores the upload, detects its format and suggests a mapping from the header row. */
export async function createImport(
  db: Database,
  ctx: RequestContext,
  input: { entity: ImportEntity; fileName: string; source: AsyncIterable<Buffer>; limitBytes: number },
): Promise<ImportRow> {
  requireAnyScope(ctx.actor, input.entity, "import");
  const file = await storeFile(db, input.source, {
    name: input.fileName,
    purpose: "import",
    createdBy: ctx.actor.userId,
    limitBytes: input.limitBytes,
  });
  const head = await readHead(db, file.id, 256 * 1024);
  const encoding = file.kind === "xlsx" ? "binary" : detectEncoding(head);
  const delimiter = file.kind === "csv" ? detectDelimiter(decodeHead(head, encoding)) : ",";
  const format: SourceFormat = { kind: file.kind, encoding, delimiter };
  const { headers } = await sample(db, file.id, format, 0);
  if (headers.length === 0) throw new AppError(422, "unsupported_file", "The file has no header row.");
  const fields = await importFields(db, ctx.actor, input.entity);
  const creating = creatingTarget(input.entity);
  const options: ImportSettings = {
    ...DEFAULT_OPTIONS,
    matchKey: importSpec(input.entity).matchKeys[0] ?? "name",
    defaultCountry:
      (await getWorkspaceCountry(db)).country ??
      defaultRegion(null, await userLanguage(db, ctx.actor.userId)) ??
      null,
    // A reference column that may create the missing records (a contacts file's Company column) links to
    // existing ones and creates the missing ones, when the importer may create them.
    ...(creating
      ? { missingCompanies: mayCreate(ctx.actor, creating.ref) ? ("create" as const) : ("refuse" as const) }
      : {}),
  };
  return db
    .insertInto("imports")
    .values({
      entity: input.entity,
      file_id: file.id,
      file_name: file.name,
      file_kind: file.kind,
      detected_encoding: encoding,
      detected_delimiter: delimiter,
      encoding,
      delimiter,
      headers: JSON.stringify(headers),
      mapping: JSON.stringify(suggestMapping(headers, fields)),
      options: JSON.stringify(options),
      created_by: ctx.actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

function decodeHead(head: Buffer, encoding: string): string {
  return iconv.decode(head, encoding);
}

/** The header and the first `rows` data rows. */
export async function sample(db: Database, fileId: string, format: SourceFormat, rows: number) {
  let headers: string[] | null = null;
  const out: { rowNumber: number; cells: string[] }[] = [];
  const stream: Readable = readFile(db, fileId);
  try {
    for await (const row of readRows(stream, format)) {
      if (headers === null) headers = row.cells;
      else
        out.push({
          rowNumber: row.rowNumber,
          cells: row.cells.map((c) => (c.length > 1000 ? `${c.slice(0, 1000)}…` : c)),
        });
      if (out.length >= rows) break;
    }
  } finally {
    stream.destroy();
  }
  return { headers: headers ?? [], rows: out };
}

export async function preview(
  db: Database,
  ctx: RequestContext,
  id: string,
  overrides: { encoding?: string | undefined; delimiter?: string | undefined },
) {
  const imp = await findImport(db, ctx.actor, id);
  const encoding = overrides.encoding ?? imp.encoding;
  if (!isSupportedEncoding(encoding)) throw ValidationError.field("encoding", "Unknown encoding.");
  const format = {
    kind: imp.file_kind as SourceFormat["kind"],
    encoding,
    delimiter: overrides.delimiter ?? imp.delimiter,
  };
  const { headers, rows } = await sample(db, imp.file_id, format, PREVIEW_ROWS);
  const fields = await importFields(db, ctx.actor, imp.entity as ImportEntity);
  return { imp, encoding: format.encoding, delimiter: format.delimiter, headers, rows, fields };
}

/** Saves mapping, format overrides and options; any change invalidates an earlier dry run. */
export async function configure(
  db: Database,
  ctx: RequestContext,
  id: string,
  input: {
    mapping: Record<string, string>;
    encoding?: string | undefined;
    delimiter?: string | undefined;
    options?: Partial<ImportSettings> | undefined;
  },
): Promise<ImportRow> {
  return db.transaction().execute(async (trx) => {
    const imp = await findImport(trx, ctx.actor, id, true);
    if (imp.status === "validating" && !isStaleCheck(imp)) {
      throw new ConflictError("import_validating", "The file is being checked; wait until it has finished.");
    }
    if (!isConfigurable(imp))
      throw new ConflictError("import_started", "The import has already been started.");
    const encoding = input.encoding ?? imp.encoding;
    if (!isSupportedEncoding(encoding)) throw ValidationError.field("body.encoding", "Unknown encoding.");
    const delimiter = input.delimiter ?? imp.delimiter;
    const fields = await importFields(trx, ctx.actor, imp.entity as ImportEntity);
    const { headers } = await sample(
      db,
      imp.file_id,
      { kind: imp.file_kind as SourceFormat["kind"], encoding, delimiter },
      0,
    );
    validateMapping(input.mapping, headers, fields);
    const options: ImportSettings = { ...imp.options, ...input.options };
    const creating = creatingTarget(imp.entity);
    if (options.missingCompanies === "create" && creating && !mayCreate(ctx.actor, creating.ref)) {
      if (input.options?.missingCompanies === "create") throw createForbidden(creating.ref);
      options.missingCompanies = "refuse";
    }
    return trx
      .updateTable("imports")
      .set({
        encoding,
        delimiter,
        headers: JSON.stringify(headers),
        mapping: JSON.stringify(input.mapping),
        options: JSON.stringify(options),
        status: "uploaded",
        dry_run: null,
        dry_run_at: null,
        error: null,
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export function validateMapping(
  mapping: Record<string, string>,
  headers: string[],
  fields: ImportField[],
): void {
  const keys = new Set(fields.map((f) => f.key));
  const errors = [];
  const used = new Map<string, string>();
  for (const [col, key] of Object.entries(mapping)) {
    const index = Number(col);
    if (!Number.isInteger(index) || index < 0 || index >= headers.length) {
      errors.push({ field: `body.mapping.${col}`, message: "No such column.", code: "unknown_column" });
    } else if (!keys.has(key)) {
      errors.push({
        field: `body.mapping.${col}`,
        message: `You cannot import into "${key}".`,
        code: "unknown_field",
      });
    } else if (used.has(key)) {
      errors.push({
        field: `body.mapping.${col}`,
        message: `"${key}" is already mapped.`,
        code: "duplicate_field",
      });
    }
    used.set(key, col);
  }
  if (used.size === 0)
    errors.push({ field: "body.mapping", message: "Map at least one column.", code: "empty_mapping" });
  if (errors.length) throw new ValidationError(errors);
}

/** Queues the run; refused until a dry run passed (or invalid rows may be skipped). */
export async function startRun(
  db: Database,
  jobs: JobQueue,
  ctx: RequestContext,
  id: string,
): Promise<ImportRow> {
  return db.transaction().execute(async (trx) => {
    const imp = await findImport(trx, ctx.actor, id, true);
    if (imp.status !== "validated" || !imp.dry_run) {
      if (imp.status === "validating" && !isStaleCheck(imp)) {
        throw new ConflictError(
          "import_validating",
          "The file is being checked; wait until it has finished.",
        );
      }
      if (isConfigurable(imp)) throw new ConflictError("dry_run_required", "Run a dry run first.");
      throw new ConflictError("import_started", "The import has already been started.");
    }
    if (!imp.options.skipInvalidRows && imp.dry_run.invalid > 0) {
      throw new AppError(
        422,
        "invalid_rows",
        `${imp.dry_run.invalid} rows are invalid. Fix them, or allow skipping invalid rows.`,
      );
    }
    await jobs.sendWith(trx, IMPORT_JOB, { importId: id }, { singletonKey: id });
    await trx.deleteFrom("import_errors").where("import_id", "=", id).execute();
    return trx
      .updateTable("imports")
      .set({ status: "queued" })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function auditCompleted(db: Database, imp: ImportRow): Promise<void> {
  await writeAudit(db, {
    action: "import.completed",
    actorId: imp.created_by,
    entity: imp.entity,
    details: {
      importId: imp.id,
      file: imp.file_name,
      processed: imp.processed,
      created: imp.created,
      updated: imp.updated,
      skipped: imp.skipped,
      failed: imp.failed,
    },
  });
}
