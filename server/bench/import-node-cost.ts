/**
 * Node's share of an import row without a database: the bench CSV (import-bench.ts) parsed, its cells read
 * with the field rules (`cells.ts`) and built through the contacts import (`builder.ts`), in µs per row.
 * `--cpu-prof` on the tsx command line profiles it.
 *
 *   npx tsx bench/import-node-cost.ts [rows]
 */
import { Readable } from "node:stream";
import { build, rowContext } from "../src/modules/imports/builder.js";
import { CellReader } from "../src/modules/imports/cells.js";
import { importSpec } from "../src/modules/imports/declared.js";
import { standardImportFields } from "../src/modules/imports/fields.js";
import type { ImportJob } from "../src/modules/imports/import-job.js";
import type { RowProblem } from "../src/modules/imports/problems.js";
import type { RefResolver } from "../src/modules/imports/refs.js";
import { readRows } from "../src/modules/imports/sources/rows.js";
import { suggestMapping } from "../src/modules/imports/suggest.js";
import { modules } from "../src/modules/index.js";
import { installChangeEvents } from "../src/platform/events/catalogue.js";
import { installEntities } from "../src/platform/records/catalog.js";
import { generateContactsCsv } from "./import-bench.js";

installEntities(modules);
installChangeEvents(modules);

async function main() {
  const rows = Number(process.argv[2] ?? 50_000);
  const csv = Buffer.from(generateContactsCsv(rows, 5));
  const fields = [...standardImportFields("contacts")];
  const header = generateContactsCsv(0).trim().split(";");
  const mapping = suggestMapping(header, fields);
  const job = {
    id: "x",
    entity: "contacts",
    mapping,
    options: { matchKey: "email" },
    fileKind: "csv",
  } as unknown as ImportJob;
  const spec = importSpec("contacts");
  for (let round = 0; round < 3; round++) {
    const cells = new CellReader(job, fields, {} as never, "RU");
    const refs = { ref: () => null, owner: () => null } as unknown as RefResolver;
    const ctx = rowContext(spec, refs, undefined);
    const problems: RowProblem[] = [];
    let tRead = 0;
    let tBuild = 0;
    let tJson = 0;
    const t0 = performance.now();
    let built: unknown[] = [];
    for await (const row of readRows(Readable.from([csv]), {
      kind: "csv",
      encoding: "utf-8",
      delimiter: ";",
    })) {
      if (cells.headers === null) {
        cells.headers = row.cells;
        continue;
      }
      let t = performance.now();
      const values = cells.read(row, problems);
      tRead += performance.now() - t;
      if (!values) continue;
      t = performance.now();
      built.push(build(spec, values, refs, ctx, "email"));
      tBuild += performance.now() - t;
      if (built.length === 5000) {
        t = performance.now();
        JSON.stringify(built);
        tJson += performance.now() - t;
        built = [];
      }
    }
    const total = performance.now() - t0;
    const us = (ms: number) => ((ms / rows) * 1000).toFixed(1);
    console.log(
      `round ${round}: total ${us(total)} µs/row — cells ${us(tRead)}, build ${us(tBuild)}, JSON ${us(tJson)}, CSV parse+rest ${us(total - tRead - tBuild - tJson)}`,
    );
  }
}
main();
