import { pipeline, Transform } from "node:stream";
import { sql } from "kysely";
import type { CountryCode } from "libphonenumber-js";
import type { Actor } from "../../platform/access/actor.js";
import type { Database } from "../../platform/db/database.js";
import { recordChange } from "../../platform/events/outbox.js";
import type { FileKind } from "../../platform/files/sniff.js";
import { readFile } from "../../platform/files/storage.js";
import { userLanguage } from "../../platform/records/users.js";
import { defaultRegion } from "../../platform/records/values.js";
import type { ContactValues } from "../contacts/module.js";
import { ensureTags } from "../tags/module.js";
import { build, type Values } from "./builder.js";
import { CustomRules } from "./custom.js";
import { findExisting, KEY_COLUMN } from "./dedupe.js";
import type { ImportEntity, ImportField } from "./fields.js";
import { dropsInvalid, type ImportSettings, importRegion } from "./options.js";
import { RefResolver } from "./refs.js";
import { readRows, type SourceRow } from "./sources/rows.js";
import type { ImportCounts, ImportOptions, ImportsTable } from "./tables.js";
import { checkUpdates } from "./updates.js";
import { parseCell } from "./validate.js";
import { WriteQueue } from "./write-queue.js";
import { type CreateRow, insertRecords, type UpdateRow, updateRecords } from "./writer.js";

export const BATCH_ROWS = 5000;
/** Batches written at once by a run (each on its own connection). */
const WRITERS = 2;

/** A run met invalid rows it may not skip; the rows that were found invalid are in `problems`. */
export class InvalidRowsError extends Error {
  constructor(readonly problems: RowProblem[]) {
    super(`Row ${problems[0]?.rowNumber ?? "?"} is no longer valid: ${problems[0]?.reason ?? ""}`);
  }
}

export interface ImportJob {
  id: string;
  entity: ImportEntity;
  fileId: string;
  fileKind: FileKind;
  encoding: string;
  delimiter: string;
  mapping: Record<string, string>;
  options: ImportOptions;
}

export interface RowProblem {
  rowNumber: number;
  column: string;
  value: string;
  reason: string;
  /**
   * `dropped`: the row was imported without this invalid value (option `invalidValues: dropValue`); `kept`: an
   * impossible phone number kept as typed, without E.164 (option `invalidPhones: keepAsText`).
   */
  kind: "invalid" | "duplicate" | "skipped" | "dropped" | "kept";
}

export function importJobOf(
  row: Pick<ImportsTable, "entity" | "file_id" | "file_kind" | "encoding" | "delimiter"> & {
    id: string;
    mapping: Record<string, string>;
    options: ImportOptions;
  },
): ImportJob {
  return {
    id: row.id,
    entity: row.entity as ImportEntity,
    fileId: row.file_id,
    fileKind: row.file_kind as FileKind,
    encoding: row.encoding,
    delimiter: row.delimiter,
    mapping: row.mapping,
    options: row.options,
  };
}

/**
 * The one import pipeline, used by the dry run (`write: false`) and the run: stream rows, validate each with
 * the field rules, resolve references and duplicates per batch in SQL, and (when writing) create/update the
 * batch in one transaction together with its journal, change event and progress counters. `resumeAfter`
 * skips rows a previous attempt of the job already committed.
 */
export async function processImport(
  db: Database,
  actor: Actor,
  job: ImportJob,
  fields: ImportField[],
  opts: {
    write: boolean;
    /** Rows an earlier attempt of the run already committed (skipped). */
    committed?: (rowNumber: number) => boolean;
    /** Rows per batch (tests use small batches). */
    batchRows?: number;
    onProblems(p: RowProblem[]): Promise<void>;
    /** Dry run: per batch (before its problems are reported), the counts so far and the bytes read so far. */
    onBatch?(counts: ImportCounts, bytesRead: number): Promise<void>;
  },
): Promise<ImportCounts> {
  const counts: ImportCounts = {
    total: 0,
    valid: 0,
    invalid: 0,
    duplicates: 0,
    toCreate: 0,
    toUpdate: 0,
    toSkip: 0,
  };
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const mapped = Object.entries(job.mapping)
    .map(([col, key]) => ({ index: Number(col), field: byKey.get(key) }))
    .filter((m): m is { index: number; field: ImportField } => m.field !== undefined);
  const refs = new RefResolver(db, actor, job.entity);
  const settings = job.options as ImportSettings;
  const region = importRegion(settings, defaultRegion(null, await userLanguage(db, actor.userId)));
  // A mapped Country column reads the phone numbers of its row; it is read before the other cells.
  const countryColumn = mapped.find((m) => m.field.kind === "country");
  const cellsInOrder = countryColumn ? [countryColumn, ...mapped.filter((m) => m !== countryColumn)] : mapped;
  const monthFirst = new Set(
    Object.entries(settings.dateOrder ?? {}).flatMap(([col, order]) =>
      order === "monthFirst" ? [Number(col)] : [],
    ),
  );
  if (job.entity === "deals") await refs.loadPipelines();
  const customRules = new CustomRules(db, job.entity, refs);
  await customRules.load();
  const seen = new Map<string, number>();
  let writtenBatches = 0;
  let headers: string[] | null = null;
  let batch: SourceRow[] = [];
  // The next batch is read, validated and looked up while earlier ones are written, and two batches are
  // written at once, each in its own transaction that records its row range (a retried job skips committed
  // ranges): the writes are PostgreSQL's work, the rest mostly Node's, so both cores work. Lookups of a batch
  // cannot see the rows of batches still being written; duplicates within the file are caught by `seen`.
  const writes = new WriteQueue(opts.write ? WRITERS : 1);

  const flush = async () => {
    const rows = batch;
    batch = [];
    if (rows.length === 0) return;
    await writes.add(await prepareBatch(rows));
  };

  const prepareBatch = async (rows: SourceRow[]): Promise<() => Promise<void>> => {
    const problems: RowProblem[] = [];
    const parsed: { row: SourceRow; values: Values }[] = [];
    for (const row of rows) {
      const values: Values = {};
      let valid = true;
      for (const { index, field } of cellsInOrder) {
        const cell = row.cells[index] ?? "";
        if (cell.trim() === "") continue;
        const rowRegion = (values.country as CountryCode | undefined) ?? region;
        const r = parseCell(field, cell, {
          region: rowRegion,
          monthFirst: monthFirst.has(index),
          serialDates: job.fileKind === "xlsx",
        });
        if (r.ok) values[field.key] = r.value;
        else if (field.kind === "phone" && settings.invalidPhones === "keepAsText") {
          values[field.key] = { raw: cell.trim(), e164: null };
          problems.push(problem(row.rowNumber, headers?.[index] ?? field.key, cell, r.reason, "kept"));
        } else {
          const dropped = dropsInvalid(settings, job.entity, field.key);
          if (!dropped) valid = false;
          const column = headers?.[index] ?? field.key;
          problems.push(problem(row.rowNumber, column, cell, r.reason, dropped ? "dropped" : "invalid"));
        }
      }
      if (valid) parsed.push({ row, values });
    }
    const strings = (k: string) =>
      parsed.flatMap((p) => (typeof p.values[k] === "string" ? [p.values[k] as string] : []));
    await refs.loadOwners(strings("owner"));
    await refs.loadCompanies([...strings("company"), ...strings("parentCompany")]);
    await refs.loadContacts(strings("contact"));

    const built: {
      rowNumber: number;
      set: Record<string, unknown>;
      custom: Record<string, unknown>;
      keys: string[];
      input?: ContactValues;
    }[] = [];
    await customRules.prepare(parsed.map((p) => customOf(p.values)));
    const refuse = (row: SourceRow, field: string, reason: string) => {
      const col = mapped.find((m) => m.field.key === field);
      const value = col ? (row.cells[col.index] ?? "") : "";
      problems.push(
        problem(row.rowNumber, col ? (headers?.[col.index] ?? field) : field, value, reason, "invalid"),
      );
    };
    for (const p of parsed) {
      const b = build(job.entity, p.values, refs, job.options.matchKey);
      const customProblem = "error" in b ? null : customRules.normalize(b.custom);
      if (customProblem) refuse(p.row, `custom.${customProblem.key}`, customProblem.reason);
      else if ("error" in b) refuse(p.row, b.field, b.error);
      else {
        const { set, custom, matchKeys: keys, input } = b;
        built.push({ rowNumber: p.row.rowNumber, set, custom, keys, ...(input ? { input } : {}) });
      }
    }
    counts.total += rows.length;
    counts.invalid += rows.length - built.length;
    counts.valid += built.length;

    const existing = await findExisting(db, actor, job.entity, job.options.matchKey, [
      ...new Set(built.flatMap((b) => b.keys)),
    ]);
    const creates: CreateRow[] = [];
    const updates: UpdateRow[] = [];
    const policy = job.options.duplicatePolicy;
    const rowOf = new Map(rows.map((r) => [r.rowNumber, r]));
    for (const b of built) {
      const earlier = b.keys.map((k) => seen.get(k)).find((n) => n !== undefined);
      const matches = [
        ...new Map(existing.filter((e) => b.keys.includes(e.key)).map((e) => [e.id, e])).values(),
      ];
      const isDuplicate = earlier !== undefined || matches.length > 0;
      const creating = !isDuplicate || policy === "create";
      if (creating && job.entity === "deals" && !b.set.company_id && !b.set.contact_id) {
        // Like the API: a new deal needs a company or a contact (an update keeps the stored ones).
        refuse(
          rowOf.get(b.rowNumber) as SourceRow,
          "company",
          "A deal needs a company or a contact (or both).",
        );
        counts.invalid++;
        counts.valid--;
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
    const refusedUpdates = await checkUpdates(db, job.entity, updates);
    if (refusedUpdates.size) {
      const byNumber = new Map(rows.map((r) => [r.rowNumber, r]));
      for (const [rowNumber, p] of refusedUpdates) {
        const row = byNumber.get(rowNumber);
        if (row) refuse(row, p.field, p.reason);
      }
      counts.invalid += refusedUpdates.size;
      counts.valid -= refusedUpdates.size;
      updates.splice(0, updates.length, ...updates.filter((u) => !refusedUpdates.has(u.rowNumber)));
    }
    const refusedCustom = await customRules.finish([...creates, ...updates]);
    if (refusedCustom.size) {
      const byNumber = new Map(rows.map((r) => [r.rowNumber, r]));
      for (const [rowNumber, p] of refusedCustom) {
        const row = byNumber.get(rowNumber);
        if (row) refuse(row, `custom.${p.key}`, p.reason);
      }
    }
    if (refusedCustom.size) {
      counts.invalid += refusedCustom.size;
      counts.valid -= refusedCustom.size;
      const keep = (r: { rowNumber: number }) => !refusedCustom.has(r.rowNumber);
      creates.splice(0, creates.length, ...creates.filter(keep));
      updates.splice(0, updates.length, ...updates.filter(keep));
    }
    counts.toCreate += creates.length;
    counts.toUpdate += updates.length;

    const invalidRows = new Set(problems.filter((p) => p.kind === "invalid").map((p) => p.rowNumber)).size;
    if (!opts.write) {
      const soFar = { ...counts };
      return async () => {
        await opts.onBatch?.(soFar, bytesRead);
        await opts.onProblems(problems);
      };
    }
    // The dry run found no invalid row, but the data changed since (a unique value taken, an owner
    // deactivated): without permission to skip invalid rows, the import stops and nothing stays written.
    if (invalidRows > 0 && !job.options.skipInvalidRows) throw new InvalidRowsError(problems);
    return async () => {
      await db.transaction().execute(async (trx) => {
        await ensureTags(
          trx,
          [...new Set([...creates, ...updates].flatMap((r) => (r.set.tags as string[]) ?? []))],
          actor.userId,
        );
        const created = await insertRecords(trx, job.entity, job.id, actor.userId, creates);
        const updated = await updateRecords(trx, job.entity, job.id, updates);
        await recordChange(
          trx,
          { actorId: actor.userId },
          {
            entity: job.entity,
            entityId: job.id,
            action: "import",
            changes: {
              importId: job.id,
              created,
              updated,
              firstRow: rows[0]?.rowNumber,
              lastRow: rows.at(-1)?.rowNumber,
            },
          },
        );
        await trx
          .updateTable("imports")
          .set({
            processed: sql`processed + ${rows.length}`,
            created: sql`created + ${created.length}`,
            updated: sql`updated + ${updated.length}`,
            skipped: sql`skipped + ${rows.length - invalidRows - created.length - updated.length}`,
            failed: sql`failed + ${invalidRows}`,
          })
          .where("id", "=", job.id)
          .execute();
        if (problems.length) await insertProblems(trx, job.id, problems);
        await trx
          .insertInto("import_batches")
          .values({
            import_id: job.id,
            first_row: rows[0]?.rowNumber ?? 0,
            last_row: rows.at(-1)?.rowNumber ?? 0,
          })
          .execute();
      });
      // A large import changes the table faster than autovacuum analyzes it; with stale statistics the
      // duplicate lookup of later batches could fall back to scanning the whole table. Only the match key's
      // column: a full ANALYZE also rebuilds every expression index's statistics (~2 s at 100k contacts).
      const keyColumn = KEY_COLUMN[job.options.matchKey];
      if (++writtenBatches % 4 === 1 && keyColumn) {
        await sql`analyze ${sql.table(job.entity)} (${sql.ref(keyColumn)})`.execute(db);
      }
    };
  };

  let bytesRead = 0;
  const file = readFile(db, job.fileId);
  const counted = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytesRead += chunk.length;
      done(null, chunk);
    },
  });
  pipeline(file, counted, () => {});
  try {
    for await (const row of readRows(counted, {
      kind: job.fileKind,
      encoding: job.encoding,
      delimiter: job.delimiter,
    })) {
      if (headers === null) {
        headers = row.cells;
        continue;
      }
      if (opts.committed?.(row.rowNumber)) continue;
      batch.push(row);
      if (batch.length >= (opts.batchRows ?? BATCH_ROWS)) await flush();
    }
    await flush();
    await writes.drain();
  } finally {
    await writes.settle();
  }
  return counts;
}

/** The `custom.<key>` values of a parsed row, by field key. */
function customOf(values: Values): Record<string, unknown> {
  const custom: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (k.startsWith("custom.")) custom[k.slice(7)] = v;
  return custom;
}

const MAX_VALUE = 200;

function problem(
  rowNumber: number,
  column: string,
  value: string,
  reason: string,
  kind: RowProblem["kind"],
): RowProblem {
  const v = value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}… (${value.length} characters)` : value;
  return { rowNumber, column, value: v, reason, kind };
}

export async function insertProblems(
  db: Pick<Database, "insertInto">,
  importId: string,
  problems: RowProblem[],
) {
  for (let i = 0; i < problems.length; i += 5000) {
    await db
      .insertInto("import_errors")
      .values(
        problems.slice(i, i + 5000).map((p) => ({
          import_id: importId,
          row_number: p.rowNumber,
          column_name: p.column,
          value: p.value,
          reason: p.reason,
          kind: p.kind,
        })),
      )
      .execute();
  }
}
