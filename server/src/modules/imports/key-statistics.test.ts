import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useTestContext } from "../../test/harness.js";
import { keyStatisticsStale, refreshKeyStatistics } from "./key-statistics.js";

describe("keyStatisticsStale", () => {
  it("analyzes a table never analyzed once the import created rows", () => {
    expect(keyStatisticsStale(-1, 5000)).toBe(true);
    expect(keyStatisticsStale(-1, 0)).toBe(false);
  });

  it("analyzes when the import created more rows than the statistics counted", () => {
    expect(keyStatisticsStale(0, 1)).toBe(true);
    expect(keyStatisticsStale(5000, 10_000)).toBe(true);
    expect(keyStatisticsStale(5000, 5000)).toBe(false);
  });

  it("leaves a table much larger than the import alone (10,000 rows into 100,000)", () => {
    expect(keyStatisticsStale(100_000, 10_000)).toBe(false);
    expect(keyStatisticsStale(100_000, 0)).toBe(false);
  });
});

describe("refreshKeyStatistics", () => {
  const t = useTestContext();

  const reltuples = async () =>
    (
      await sql<{
        n: number;
      }>`select reltuples::float8 as n from pg_class where oid = 'contacts'::regclass`.execute(t.db)
    ).rows[0]?.n;

  it("analyzes the key column only when the statistics are stale", async () => {
    await sql`analyze contacts`.execute(t.db);
    const counted = (await reltuples()) ?? 0;
    // As many created rows as the statistics counted (at least the table did not double): left alone.
    expect(await refreshKeyStatistics(t.db, "contacts", "email_values", Math.max(counted, 0))).toBe(
      counted < 0,
    );
    expect(await refreshKeyStatistics(t.db, "contacts", "email_values", 0)).toBe(false);
    // More created rows than counted: analyzed.
    expect(await refreshKeyStatistics(t.db, "contacts", "email_values", Math.max(counted, 0) + 1)).toBe(true);
  });
});
