import { pipeline, Transform } from "node:stream";
import type { Actor } from "../../platform/access/actor.js";
import type { Database } from "../../platform/db/database.js";
import { readFile } from "../../platform/files/storage.js";
import { userLanguage } from "../../platform/records/users.js";
import { defaultRegion } from "../../platform/records/values.js";
import { type PreparedBatch, writeBatch } from "./batch-write.js";
import { build, rowContext, type Values } from "./builder.js";
import { CellReader } from "./cells.js";
import { type BuiltRecord, classify, type Refusals } from "./classify.js";
import { CustomRules } from "./custom.js";
import { creatingTarget, importSpec } from "./declared.js";
import { findExisting, KEY_COLUMN } from "./dedupe.js";
import { refuseTakenExternalIds } from "./external-ids.js";
import type { ImportField } from "./fields.js";
import type { ImportJob } from "./import-job.js";
import { refreshKeyStatistics } from "./key-statistics.js";
import { createForbidden, mayCreate, NewReferences, writeNewRecords } from "./new-refs.js";
import { type ImportSettings, importRegion } from "./options.js";
import { InvalidRowsError, type RowProblem } from "./problems.js";
import { RefResolver } from "./refs.js";
import { readRows, type SourceRow } from "./sources/rows.js";
import type { ImportCounts } from "./tables.js";
import { WriteQueue } from "./write-queue.js";

export { type ImportJob, importJobOf } from "./import-job.js";
export { InvalidRowsError, insertProblems, type RowProblem } from "./problems.js";

export const BATCH_ROWS = 5000;
/** Batches written at once by a run (each on its own connection). */
const WRITERS = 2;

/**
 * The one import pipeline, used by the dry run (`write: false`) and the run: stream rows, validate each with
 * the field rules (`cells.ts`), resolve references and duplicates per batch in SQL (`classify.ts`), and (when
 * writing) create/update the batch in one transaction together with its journal, change event and progress
 * counters (`batch-write.ts`). `committed` skips rows a previous attempt of the job already committed.
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
    /** Write rows pending for the search catch-up (`platform/records/search-backlog.ts`; a large run). */
    deferSearch?: boolean;
    onProblems(p: RowProblem[]): Promise<void>;
    /** Dry run: per batch (before its problems are reported), the counts so far and the bytes read so far. */
    onBatch?(counts: ImportCounts, bytesRead: number): Promise<void>;
  },
): Promise<ImportCounts> {
  const settings = job.options as ImportSettings;
  const spec = importSpec(job.entity);
  // A mapped reference column that may create the records it names and none answers (option missingCompanies).
  const creating = creatingTarget(job.entity);
  const createMissing =
    creating && Object.values(job.mapping).includes(creating.key) && settings.missingCompanies === "create"
      ? creating
      : null;
  if (createMissing && !mayCreate(actor, createMissing.ref)) throw createForbidden(createMissing.ref);
  const counts: ImportCounts = {
    total: 0,
    valid: 0,
    invalid: 0,
    duplicates: 0,
    toCreate: 0,
    toUpdate: 0,
    toSkip: 0,
    ...(createMissing ? { companiesToCreate: 0 } : {}),
  };
  const region = importRegion(settings, defaultRegion(null, await userLanguage(db, actor.userId)));
  const cells = new CellReader(job, fields, settings, region);
  const refs = new RefResolver(db, actor, job.entity);
  const newRecords = createMissing ? new NewReferences(db, refs, createMissing) : null;
  await newRecords?.load();
  const loaded = await spec.load?.(db);
  const refTargets = spec.targets.flatMap((t) => (t.ref ? [{ key: t.key, ref: t.ref }] : []));
  const customRules = new CustomRules(db, job.entity, refs);
  await customRules.load();
  const seen = new Map<string, number>();
  const seenExternalIds = new Map<string, number>();
  let createdSinceAnalyze = 0;
  let batch: SourceRow[] = [];
  // The next batch is read, validated and looked up while earlier ones are written, and two batches are
  // written at once, each in its own transaction that records its row range (a retried job skips committed
  // ranges): the writes are PostgreSQL's work, the rest mostly Node's, so both cores work. Lookups of a batch
  // cannot see the rows of batches still being written; duplicates within the file are caught by `seen`.
  const writes = new WriteQueue(opts.write ? WRITERS : 1);
  // A batch's cells are read while the batch before it waits for its lookups (PostgreSQL's work on the other
  // core); batches are still prepared and queued one after the other, in file order.
  let preparing: Promise<void> = Promise.resolve();

  const flush = async () => {
    const rows = batch;
    batch = [];
    if (rows.length === 0) return;
    const read = readCells(rows);
    await preparing;
    preparing = prepareBatch(read).then((write) => writes.add(write));
    // Handled when the next flush (or the end) awaits it, not reported as unhandled meanwhile.
    preparing.catch(() => {});
  };

  const readCells = (rows: SourceRow[]): ReadBatch => {
    const problems: RowProblem[] = [];
    const parsed: { row: SourceRow; values: Values }[] = [];
    for (const row of rows) {
      const values = cells.read(row, problems);
      if (values) parsed.push({ row, values });
    }
    return { rows, problems, parsed, bytesRead };
  };

  const prepareBatch = async (read: ReadBatch): Promise<() => Promise<void>> => {
    const { rows, problems, parsed } = read;
    const strings = (k: string) =>
      parsed.flatMap((p) => (typeof p.values[k] === "string" ? [p.values[k] as string] : []));
    await refs.loadOwners(strings("owner"));
    for (const ref of new Set(refTargets.map((t) => t.ref))) {
      await refs.loadRefs(
        ref,
        refTargets.filter((t) => t.ref === ref).flatMap((t) => strings(t.key)),
      );
    }
    newRecords?.plan(parsed.map((p) => p.values));

    const rowOf = new Map(rows.map((r) => [r.rowNumber, r]));
    const refuse = (rowNumber: number, field: string, reason: string) =>
      problems.push(cells.refusal(rowOf.get(rowNumber), field, reason, rowNumber));
    const built: BuiltRecord[] = [];
    await customRules.prepare(parsed.map((p) => p.values));
    const ctx = rowContext(spec, refs, loaded);
    for (const p of parsed) {
      const b = build(spec, p.values, refs, ctx, job.options.matchKey);
      const customProblem = "error" in b ? null : customRules.normalize(b.custom);
      if (customProblem) refuse(p.row.rowNumber, `custom.${customProblem.key}`, customProblem.reason);
      else if ("error" in b) refuse(p.row.rowNumber, b.field, b.error);
      else {
        const { set, custom, matchKeys: keys, given } = b;
        built.push({
          rowNumber: p.row.rowNumber,
          set,
          custom,
          keys,
          ...(given !== undefined ? { given } : {}),
        });
      }
    }
    counts.total += rows.length;
    counts.invalid += rows.length - built.length;
    counts.valid += built.length;

    const existing = await findExisting(db, actor, job.entity, job.options.matchKey, [
      ...new Set(built.flatMap((b) => b.keys)),
    ]);
    let { creates, updates, refused } = classify(job, built, existing, seen, counts, problems);
    const drop = (refusals: Refusals) => {
      if (refusals.size === 0) return;
      for (const [rowNumber, p] of refusals) refuse(rowNumber, p.field, p.reason);
      counts.invalid += refusals.size;
      counts.valid -= refusals.size;
      const keep = (r: { rowNumber: number }) => !refusals.has(r.rowNumber);
      creates = creates.filter(keep);
      updates = updates.filter(keep);
    };
    drop(refused);
    if (spec.beforeUpdate && updates.length) drop(await spec.beforeUpdate(db, updates, ctx.now));
    const refusedCustom = await customRules.finish([...creates, ...updates]);
    drop(
      new Map(
        [...refusedCustom].map(([n, p]) => [n, { field: `custom.${p.key}`, reason: p.reason }] as const),
      ),
    );
    drop(await refuseTakenExternalIds(db, job.entity, creates, updates, seenExternalIds));
    // The planned records the rows to be created link to: found once, again only when a row was dropped.
    let links = newRecords ? linked(creates, newRecords) : new Set<unknown>();
    if (newRecords) {
      const unfit = await newRecords.unfit(links);
      const noun = newRecords.noun;
      const reason = (key: string) =>
        `A new ${noun} needs a value for its required field "${key}"; create the ${noun} first.`;
      if (unfit.size > 0) {
        drop(
          new Map(
            creates.flatMap((c) => {
              const id = Object.values(c.set).find((v) => newRecords.isPlanned(v));
              const key = id ? unfit.get(id as string) : undefined;
              return key
                ? [[c.rowNumber, { field: createMissing?.key ?? "", reason: reason(key) }] as const]
                : [];
            }),
          ),
        );
        links = linked(creates, newRecords);
      }
    }
    const newRecordRows = newRecords ? newRecords.settle(links) : [];
    counts.toCreate += creates.length;
    counts.toUpdate += updates.length;
    if (counts.companiesToCreate !== undefined) counts.companiesToCreate += newRecordRows.length;

    const invalidRows = new Set(problems.filter((p) => p.kind === "invalid").map((p) => p.rowNumber)).size;
    if (!opts.write) {
      const soFar = { ...counts };
      return async () => {
        await opts.onBatch?.(soFar, read.bytesRead);
        await opts.onProblems(problems);
      };
    }
    // The dry run found no invalid row, but the data changed since (a unique value taken, an owner
    // deactivated): without permission to skip invalid rows, the import stops and nothing stays written.
    if (invalidRows > 0 && !job.options.skipInvalidRows) throw new InvalidRowsError(problems);
    // Committed before the batch is queued, so a later batch linking to them needs no wait for this one.
    if (createMissing) await writeNewRecords(db, createMissing.ref, job.id, actor.userId, newRecordRows);
    const prepared: PreparedBatch = { rows, creates, updates, problems, invalidRows };
    return async () => {
      await writeBatch(db, actor, job, prepared, { deferSearch: opts.deferSearch });
      // A large import changes the table faster than autovacuum analyzes it; with stale statistics the
      // duplicate lookup of later batches could fall back to scanning the whole table. Only the match key's
      // column (a full ANALYZE also rebuilds every expression index's statistics, ~2 s at 100k contacts), and
      // only when the table grew past its statistics (`key-statistics.ts`).
      createdSinceAnalyze += prepared.creates.length;
      const keyColumn = KEY_COLUMN[job.options.matchKey];
      if (keyColumn && (await refreshKeyStatistics(db, job.entity, keyColumn, createdSinceAnalyze))) {
        createdSinceAnalyze = 0;
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
      if (cells.headers === null) {
        cells.headers = row.cells;
        continue;
      }
      if (opts.committed?.(row.rowNumber)) continue;
      batch.push(row);
      if (batch.length >= (opts.batchRows ?? BATCH_ROWS)) await flush();
    }
    await flush();
    await preparing;
    await writes.drain();
  } finally {
    await preparing.catch(() => {});
    await writes.settle();
  }
  return counts;
}

/** A batch's rows with their cells read: the values of the valid ones, the cell problems, bytes read by then. */
interface ReadBatch {
  rows: SourceRow[];
  problems: RowProblem[];
  parsed: { row: SourceRow; values: Values }[];
  bytesRead: number;
}

/** The planned new records the rows to be created link to (any of their column values). */
function linked(creates: { set: Record<string, unknown> }[], planned: NewReferences): Set<unknown> {
  const ids = new Set<unknown>();
  for (const c of creates) for (const v of Object.values(c.set)) if (planned.isPlanned(v)) ids.add(v);
  return ids;
}
