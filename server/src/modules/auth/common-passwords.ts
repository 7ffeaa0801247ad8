import fs from "node:fs";
import path from "node:path";

const FILE = "common-passwords.txt";
let cache: Set<string> | null = null;

/** The 10,000 most common passwords (see scripts/extract-common-passwords.ts), lower-cased. */
export function commonPasswords(): Set<string> {
  if (cache) return cache;
  // Beside this file when run from src/ (tsx, tests); the compiled build in dist/ reads it from src/.
  const candidates = [
    path.join(import.meta.dirname, FILE),
    path.resolve(import.meta.dirname, "../../../src/modules/auth", FILE),
  ];
  const file = candidates.find((f) => fs.existsSync(f));
  if (!file) throw new Error(`${FILE} not found (looked in ${candidates.join(", ")})`);
  cache = new Set(
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean),
  );
  return cache;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}
