import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import type { Database } from "../../platform/db/database.js";
import { BadRequestError } from "../../platform/errors.js";
import { escapeFormula } from "../exports/module.js";

/**
 * The per-row problems for the report's own display (the wizard, API clients), in file order and keyset-paged
 * on the problem's id. Values are as they were in the file: formula escaping belongs to the exported CSV only.
 */
export async function errorsPage(
  db: Database,
  importId: string,
  q: { limit: number; cursor?: string | undefined },
) {
  if (q.cursor !== undefined && !/^\d{1,19}$/.test(q.cursor)) {
    throw new BadRequestError("invalid_cursor", "The cursor is not one this list gave out.");
  }
  const page = await db
    .selectFrom("import_errors")
    .select(["id", "row_number", "column_name", "value", "reason", "kind"])
    .where("import_id", "=", importId)
    .where("id", ">", q.cursor ?? "0")
    .orderBy("id")
    .limit(q.limit + 1)
    .execute();
  const items = page.slice(0, q.limit);
  return {
    items: items.map((p) => ({
      row: p.row_number,
      column: p.column_name,
      value: p.value,
      reason: p.reason,
      kind: p.kind,
    })),
    nextCursor: page.length > q.limit ? (items.at(-1)?.id ?? null) : null,
  };
}

/** The per-row problem report as CSV (UTF-8 with BOM for Excel), streamed page by page. */
export function errorsCsv(db: Database, importId: string): Readable {
  async function* rows() {
    yield ["row", "column", "value", "reason", "kind"];
    let after = "0";
    for (;;) {
      const page = await db
        .selectFrom("import_errors")
        .select(["id", "row_number", "column_name", "value", "reason", "kind"])
        .where("import_id", "=", importId)
        .where("id", ">", after)
        .orderBy("id")
        .limit(5000)
        .execute();
      for (const p of page) {
        yield [String(p.row_number), p.column_name, p.value, p.reason, p.kind].map(escapeFormula);
      }
      const last = page.at(-1);
      if (!last || page.length < 5000) return;
      after = last.id;
    }
  }
  const csv = stringify({ bom: true });
  Readable.from(rows()).pipe(csv);
  return csv;
}
