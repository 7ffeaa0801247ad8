import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import type { Database } from "../../platform/db/database.js";
import { escapeFormula } from "../exports/module.js";

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
