import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

function configError(env: Record<string, string>): string[] {
  try {
    loadConfig(env, []);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message.split("\n");
  }
  throw new Error("loadConfig accepted an invalid environment");
}

describe("loadConfig", () => {
  it("reports several invalid variables each on its own line, naming each", () => {
    const lines = configError({
      PORT: "abc",
      DATABASE_POOL_SIZE: "0",
      ADMIN_EMAIL: "not-an-email",
      LOG_LEVEL: "loud",
    });
    expect(lines[0]).toBe("Invalid configuration — fix these environment variables:");
    const rest = lines.slice(1).map((l) => l.trim());
    expect(rest).toHaveLength(4);
    expect(rest.map((l) => l.split(":")[0]).sort()).toEqual(
      ["ADMIN_EMAIL", "DATABASE_POOL_SIZE", "LOG_LEVEL", "PORT"].sort(),
    );
    for (const l of rest) expect(l).toMatch(/^[A-Z_]+: \S/);
  });

  it("reports one invalid variable on a single line", () => {
    expect(configError({ EMBEDDED_PG_PORT: "5432" })).toEqual([
      "Invalid configuration: EMBEDDED_PG_PORT: must not be 5432 (left for a system PostgreSQL)",
    ]);
  });

  it("applies defaults and ignores empty values", () => {
    const cfg = loadConfig({ PORT: "", DATA_DIR: "" }, []);
    expect(cfg.PORT).toBe(3000);
    expect(cfg.dataDir).toBe(path.resolve("./data"));
    expect(cfg.SHUTDOWN_TIMEOUT_MS).toBe(15_000);
  });

  it("ADMIN_LANGUAGE defaults to English and accepts only the interface languages", () => {
    expect(loadConfig({}, []).ADMIN_LANGUAGE).toBe("en");
    expect(loadConfig({ ADMIN_LANGUAGE: "kk" }, []).ADMIN_LANGUAGE).toBe("kk");
    expect(loadConfig({ ADMIN_LANGUAGE: "sr-Latn" }, []).ADMIN_LANGUAGE).toBe("sr-Latn");
    expect(configError({ ADMIN_LANGUAGE: "de" })).toEqual([
      "Invalid configuration: ADMIN_LANGUAGE: must be en, ru, sr, sr-Latn or kk",
    ]);
  });

  it("--demo on the command line turns demo data on", () => {
    expect(loadConfig({}, ["node", "main.js", "--demo"]).DEMO).toBe(true);
    expect(loadConfig({}, []).DEMO).toBe(false);
  });
});
