import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

/**
 * Search latency at 1M contacts. Opt-in (minutes of data loading):
 * `TANDEM_BENCH=1 npx vitest run src/modules/search/search.bench.test.ts`.
 */
const ROWS = Number(process.env.TANDEM_BENCH_ROWS ?? 1_000_000);
const FIRST = [
  "Ivan",
  "Pyotr",
  "Anna",
  "Olga",
  "Sergey",
  "Dmitry",
  "Elena",
  "Marko",
  "Jelena",
  "Nikola",
  "Aigerim",
  "Nurlan",
  "Maria",
  "Alexey",
  "Tatiana",
  "Milan",
  "Dragana",
  "Yerlan",
  "Svetlana",
  "Andrey",
];
const LAST = [
  "Petrov",
  "Ivanov",
  "Sidorov",
  "Smirnov",
  "Kuznetsov",
  "Popov",
  "Vasiliev",
  "Sokolov",
  "Mikhailov",
  "Novikov",
  "Jovanovic",
  "Petrovic",
  "Nikolic",
  "Markovic",
  "Djordjevic",
  "Nurlanov",
  "Akhmetov",
  "Omarov",
  "Bekov",
  "Sultanov",
  "Fedorov",
  "Morozov",
  "Volkov",
  "Alekseev",
  "Lebedev",
  "Semenov",
  "Egorov",
  "Pavlov",
  "Kozlov",
  "Stepanov",
];

describe.runIf(process.env.TANDEM_BENCH)("search at scale", () => {
  const t = useTestContext();
  let headers: { authorization: string };

  beforeAll(async () => {
    const u = await createUser(t.db, { roleKey: "admin" });
    headers = await tokenHeaders(t.db, u.id);
    for (let start = 0; start < ROWS; start += 100_000) {
      await sql`insert into contacts (name, owner_id, phone_digits, email_values)
        select f[1 + g % array_length(f, 1)] || ' ' || l[1 + (g / 20) % array_length(l, 1)] || ' ' || (g % 997)::text,
          ${u.id}, '79' || lpad(((g::bigint * 7919) % 1000000000)::text, 9, '0'),
          array['user' || g || '@mail' || (g % 50) || '.example']
        from generate_series(${start + 1}, ${Math.min(start + 100_000, ROWS)}) g,
          (select ${FIRST}::text[] as f, ${LAST}::text[] as l) x`.execute(t.db);
    }
    await sql`insert into contacts (name, owner_id, phone_digits, phones, email_values)
      values ('Ivan Petrovsky', ${u.id}, '79123456789', '[{"kind":"mobile","raw":"+7 (912) 345-67-89","e164":"+79123456789"}]', '{}')`.execute(
      t.db,
    );
    await sql`analyze contacts`.execute(t.db);
  }, 1_800_000);

  const measure = async (q: string, runs = 60) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const res = await t.app.inject({
        method: "GET",
        url: `/api/v1/search?q=${encodeURIComponent(q)}&types=contacts`,
        headers,
      });
      times.push(performance.now() - start);
      expect(res.statusCode).toBe(200);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(runs * 0.95)] ?? 0;
  };

  it("answers typical queries within 100 ms at p95", async () => {
    const results: Record<string, number> = {};
    for (const q of [
      "Petrovsky",
      "Petrovskiy",
      "Ivan",
      "+7 (912) 345-67-89",
      "89123456789",
      "345-67",
      "user12345@",
      "zzzz",
    ]) {
      results[q] = await measure(q);
    }
    console.log(
      `search p95 at ${ROWS} contacts (ms):`,
      JSON.stringify(results, (_, v) => (typeof v === "number" ? Number(v.toFixed(1)) : v)),
    );
    for (const v of Object.values(results)) expect(v).toBeLessThan(100);
  }, 900_000);
});
