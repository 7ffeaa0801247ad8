/**
 * A/B of Node's cost of turning a batch's built rows into the insert's JSON (`imports/writer.ts`): before, object
 * spreads per row plus a second copy for the payload; after, one object per row filled by assignment. 5,000
 * contacts of the bench CSV, alternating, CPU µs per row; first checks both give the same payload and journal
 * (ids aside, key order aside).
 *
 *   npx tsx bench/import-writer-ab.ts
 */
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { build, rowContext } from "../src/modules/imports/builder.js";
import { CellReader } from "../src/modules/imports/cells.js";
import { importSpec } from "../src/modules/imports/declared.js";
import { standardImportFields } from "../src/modules/imports/fields.js";
import type { ImportJob } from "../src/modules/imports/import-job.js";
import type { RefResolver } from "../src/modules/imports/refs.js";
import { readRows } from "../src/modules/imports/sources/rows.js";
import { suggestMapping } from "../src/modules/imports/suggest.js";
import { modules } from "../src/modules/index.js";
import { installChangeEvents } from "../src/platform/events/catalogue.js";
import { installEntities } from "../src/platform/records/catalog.js";
import { SEARCH_PENDING } from "../src/platform/records/search-backlog.js";
import { generateContactsCsv } from "./import-bench.js";

installEntities(modules);
installChangeEvents(modules);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
async function main() {
  const csv = Buffer.from(generateContactsCsv(5000, 5));
  const fields = [...standardImportFields("contacts")];
  const header = generateContactsCsv(0).trim().split(";");
  const job = {
    entity: "contacts",
    mapping: suggestMapping(header, fields),
    options: {},
    fileKind: "csv",
  } as unknown as ImportJob;
  const spec = importSpec("contacts");
  const cells = new CellReader(job, fields, {} as never, "RU");
  const refs = { ref: () => null, owner: () => null } as unknown as RefResolver;
  const ctx = rowContext(spec, refs, undefined);
  const built: { rowNumber: number; set: Record<string, unknown>; custom: Record<string, unknown> }[] = [];
  for await (const row of readRows(Readable.from([csv]), {
    kind: "csv",
    encoding: "utf-8",
    delimiter: ";",
  })) {
    if (cells.headers === null) {
      cells.headers = row.cells;
      continue;
    }
    const v = cells.read(row, []);
    if (!v) continue;
    const b = build(spec, v, refs, ctx, "email");
    if (!("error" in b)) built.push({ rowNumber: row.rowNumber, set: b.set, custom: b.custom });
  }
  const actorId = randomUUID();
  const columnsOf = (set: Record<string, unknown>) => {
    const c: Record<string, unknown> = {};
    for (const k in set) if (k[0] !== "_") c[k] = set[k];
    return c;
  };
  const old = () => {
    const records = built.map((r) => ({
      id: randomUUID(),
      row_number: r.rowNumber,
      set: r.set,
      values: {
        ...spec.createDefaults,
        owner_id: actorId,
        ...columnsOf(r.set),
        custom: r.custom,
        created_by: actorId,
        ...SEARCH_PENDING,
      },
    }));
    const columns = [...new Set(records.flatMap((r) => Object.keys(r.values)))];
    const payload = JSON.stringify(records.map((r) => ({ ...r.values, id: r.id })));
    const journal = JSON.stringify(records.map((r) => ({ row_number: r.row_number, record_id: r.id })));
    return payload.length + journal.length + columns.length;
  };
  const now = () => {
    const defaults = spec.createDefaults ?? {};
    const columns = new Set<string>([
      "id",
      ...Object.keys(defaults),
      "owner_id",
      "custom",
      "created_by",
      "search_pending",
    ]);
    const records: { id: string; set: Record<string, unknown> }[] = new Array(built.length);
    const values: Record<string, unknown>[] = new Array(built.length);
    const journal: { row_number: number; record_id: string }[] = new Array(built.length);
    for (let i = 0; i < built.length; i++) {
      const r = built[i]!;
      const id = randomUUID();
      const v: Record<string, unknown> = {};
      for (const k in defaults) v[k] = defaults[k];
      v.owner_id = actorId;
      const set = r.set;
      for (const k in set) {
        if (k.charCodeAt(0) === 95) continue;
        v[k] = set[k];
        if (!columns.has(k)) columns.add(k);
      }
      v.custom = r.custom;
      v.created_by = actorId;
      v.search_pending = true;
      v.id = id;
      values[i] = v;
      records[i] = { id, set };
      journal[i] = { row_number: r.rowNumber, record_id: id };
    }
    return JSON.stringify(values).length + JSON.stringify(journal).length + columns.size;
  };
  {
    const capture = (f: () => number) => {
      const orig = JSON.stringify;
      const out: string[] = [];
      (JSON as { stringify: unknown }).stringify = (x: unknown) => {
        const r = orig(x);
        out.push(r);
        return r;
      };
      try {
        f();
      } finally {
        (JSON as { stringify: unknown }).stringify = orig;
      }
      return out;
    };
    const sortKeys = (x: unknown): unknown =>
      Array.isArray(x)
        ? x.map(sortKeys)
        : x && typeof x === "object"
          ? Object.fromEntries(
              Object.entries(x)
                .sort(([p], [q]) => p.localeCompare(q))
                .map(([k, v]) => [k, sortKeys(v)]),
            )
          : x;
    const strip = (s: string) =>
      JSON.stringify(
        sortKeys(
          (JSON.parse(s) as Record<string, unknown>[]).map((r) => ({
            ...r,
            id: undefined,
            record_id: undefined,
          })),
        ),
      );
    const [p1, j1] = capture(old);
    const [p2, j2] = capture(now);
    console.log(
      "payload equal:",
      strip(p1!) === strip(p2!),
      "journal equal:",
      strip(j1!) === strip(j2!),
      p1!.length,
      p2!.length,
    );
  }
  const a: number[] = [],
    b: number[] = [];
  for (let round = 0; round < 16; round++) {
    for (const [f, xs] of (round % 2
      ? [
          [old, a],
          [now, b],
        ]
      : [
          [now, b],
          [old, a],
        ]) as [() => number, number[]][]) {
      const t = cpu();
      f();
      xs.push(((cpu() - t) / built.length) * 1000);
    }
  }
  const q = (xs: number[]) => {
    const s = [...xs].sort((x, y) => x - y);
    return `min ${s[0]!.toFixed(1)}, median ${s[8]!.toFixed(1)} µs/row`;
  };
  console.log(`before (spreads, two copies): ${q(a)}; after (one object per row): ${q(b)}`);
}
main();
