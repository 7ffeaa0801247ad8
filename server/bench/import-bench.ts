/**
 * Import throughput: generates a realistic CSV of N contacts (Russian/English names, phones in mixed formats,
 * emails, ~1% duplicates and ~1% invalid rows) and runs the real import pipeline — the same service functions
 * the API calls (upload → dry run → imports.run, then the search catch-up a large run leaves) — against the
 * database at `url` (already migrated).
 *
 *   npx tsx bench/import-bench.ts postgres://… 100000
 */
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { runDryRun } from "../src/modules/imports/dry-run.js";
import { runImport } from "../src/modules/imports/job.js";
import { configure, createImport } from "../src/modules/imports/service.js";
import type { RequestContext } from "../src/platform/access/actor.js";
import { createDb, createPool } from "../src/platform/db/database.js";
import { actorForUser } from "../src/platform/records/actor.js";
import { catchUpBatch } from "../src/platform/records/search-backlog.js";

const RU_FIRST = [
  "Иван",
  "Алексей",
  "Мария",
  "Анна",
  "Дмитрий",
  "Елена",
  "Сергей",
  "Ольга",
  "Никита",
  "Татьяна",
];
const RU_LAST = [
  "Иванов",
  "Смирнов",
  "Кузнецов",
  "Попов",
  "Васильев",
  "Петров",
  "Соколов",
  "Михайлов",
  "Новиков",
];
const EN_FIRST = ["John", "Emma", "Oliver", "Ava", "James", "Sophia", "William", "Mia", "Lucas", "Amelia"];
const EN_LAST = ["Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Roberts"];
const TITLES = ["Директор", "Менеджер", "Бухгалтер", "Sales manager", "CEO", "Engineer", ""];

function phone(i: number): string {
  const n = String(9_000_000_000 + ((i * 7_919) % 999_999_999)).padStart(10, "9");
  const [a, b, c, d] = [n.slice(0, 3), n.slice(3, 6), n.slice(6, 8), n.slice(8, 10)];
  switch (i % 4) {
    case 0:
      return `+7 (${a}) ${b}-${c}-${d}`;
    case 1:
      return `8 ${a} ${b} ${c} ${d}`;
    case 2:
      return `+7${n}`;
    default:
      return `8-${a}-${b}-${c}${d}`;
  }
}

/** `salt` makes another file's people distinct (emails and phones), so two imports do not dedupe each other. */
export function generateContactsCsv(rows: number, salt = 0): string {
  const lines = ["Имя;Фамилия;Телефон;E-mail;Должность"];
  for (let i = 0; i < rows; i++) {
    const ru = i % 2 === 0;
    const first = (ru ? RU_FIRST : EN_FIRST)[i % 10] ?? "";
    const last = (ru ? RU_LAST : EN_LAST)[(i >> 3) % 9] ?? "";
    const dup = i > 0 && i % 100 === 0; // repeats the previous row's email
    const bad = i % 100 === 50;
    const email = bad ? `broken-${i}@` : `user${salt || ""}${dup ? i - 1 : i}@example${i % 7}.com`;
    lines.push([first, last, phone(i + salt), email, TITLES[i % TITLES.length]].join(";"));
  }
  return `${lines.join("\n")}\n`;
}

export async function benchImport(
  url: string,
  rows: number,
  salt = 0,
  /** Called as each timed phase starts and once at the end ("done"): lets a caller read CPU counters per phase. */
  phase: (name: "dry-run" | "run" | "catch-up" | "done") => void | Promise<void> = () => {},
): Promise<{
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  dryRunSeconds: number;
  /** The search catch-up after the run (what `search.catch-up` does, run here): rows it indexed and seconds. */
  catchUp: { rows: number; seconds: number };
}> {
  const db = createDb(createPool(url, 4));
  try {
    const role = await db
      .selectFrom("roles")
      .select("id")
      .where("key", "=", "admin")
      .executeTakeFirstOrThrow();
    const user = await db
      .insertInto("users")
      .values({
        email: `import-bench-${randomBytes(4).toString("hex")}@example.com`,
        name: "Import bench",
        role_id: role.id,
        language: "ru",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const actor = await actorForUser(db, user.id);
    if (!actor) throw new Error("bench user is inactive");
    const ctx: RequestContext = { actor, requestId: "import-bench", ip: null, userAgent: null };
    const csv = Buffer.from(generateContactsCsv(rows, salt));
    const chunks = Array.from({ length: Math.ceil(csv.length / 65536) }, (_, i) =>
      csv.subarray(i * 65536, (i + 1) * 65536),
    );
    const imp = await createImport(db, ctx, {
      entity: "contacts",
      fileName: "bench.csv",
      source: Readable.from(chunks),
      limitBytes: 1024 * 1024 * 1024,
    });
    await configure(db, ctx, imp.id, {
      mapping: imp.mapping,
      options: { skipInvalidRows: true, duplicatePolicy: "skip" },
    });
    await phase("dry-run");
    let started = process.hrtime.bigint();
    // What POST /dry-run queues, then the job's work (imports.dry-run) run here directly.
    await db.updateTable("imports").set({ status: "validating" }).where("id", "=", imp.id).execute();
    await runDryRun(db, imp.id);
    const checked = await db
      .selectFrom("imports")
      .select(["status", "error"])
      .where("id", "=", imp.id)
      .executeTakeFirstOrThrow();
    if (checked.status !== "validated") throw new Error(`dry run ended ${checked.status}: ${checked.error}`);
    const dryRunSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    await db.updateTable("imports").set({ status: "queued" }).where("id", "=", imp.id).execute();
    await phase("run");
    started = process.hrtime.bigint();
    await runImport(db, imp.id);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const done = await db
      .selectFrom("imports")
      .selectAll()
      .where("id", "=", imp.id)
      .executeTakeFirstOrThrow();
    if (done.status !== "completed" || done.processed !== rows) {
      throw new Error(`import ended ${done.status} after ${done.processed} rows: ${done.error ?? ""}`);
    }
    // A run this large wrote its rows search-pending; the catch-up enters them into the fuzzy-search indexes.
    await phase("catch-up");
    started = process.hrtime.bigint();
    let caughtUp = 0;
    for (;;) {
      const n = await catchUpBatch(db, "contacts");
      if (n === null) throw new Error("a bulk writer still holds the search catch-up");
      if (n === 0) break;
      caughtUp += n;
    }
    const catchUp = { rows: caughtUp, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
    await phase("done");
    return { rows, seconds, rowsPerSecond: Math.round(rows / seconds), dryRunSeconds, catchUp };
  } finally {
    await db.destroy();
  }
}

if (process.argv[1]?.endsWith("import-bench.ts") && process.argv[2]) {
  benchImport(process.argv[2], Number(process.argv[3] ?? 100_000)).then(
    (r) => console.log(JSON.stringify(r)),
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
