/**
 * Regenerates src/modules/auth/common-passwords.txt: the 10,000 most common passwords, lower-cased, one per
 * line, most common first.
 *
 * Source: the `passwords-common` dictionary of the npm package @zxcvbn-ts/language-common (MIT), a
 * frequency-ranked list derived from public password breach corpora (xato 10M). Run after upgrading it:
 *   npx tsx scripts/extract-common-passwords.ts
 */
import fs from "node:fs";
import path from "node:path";
import { dictionary } from "@zxcvbn-ts/language-common";

const LIMIT = 10_000;
const seen = new Set<string>();
for (const word of dictionary["passwords-common"]) {
  const w = word.trim().toLowerCase();
  if (w) seen.add(w);
  if (seen.size === LIMIT) break;
}
const out = path.resolve(import.meta.dirname, "../src/modules/auth/common-passwords.txt");
fs.writeFileSync(out, `${[...seen].join("\n")}\n`);
console.log(`wrote ${seen.size} passwords to ${out}`);
