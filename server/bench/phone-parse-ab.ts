/**
 * CPU per phone of the import's phone rule (`parsePhone`, platform/records/values.ts) on the import bench's
 * shapes, against variants, alternating rounds (process CPU time, so usable on a loaded machine).
 *
 *   npx tsx bench/phone-parse-ab.ts [phones=20000] [rounds=6]
 */
import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js";
import { parsePhone } from "../src/platform/records/values.js";

function benchPhone(i: number): string {
  const n = String(9_000_000_000 + ((i * 7_919) % 999_999_999)).padStart(10, "9");
  const [a, b, c, d] = [n.slice(0, 3), n.slice(3, 6), n.slice(6, 8), n.slice(8, 10)];
  return [`+7 (${a}) ${b}-${c}-${d}`, `8 ${a} ${b} ${c} ${d}`, `+7${n}`, `8-${a}-${b}-${c}${d}`][
    i % 4
  ] as string;
}

/** The rule before 7 Dec 19:45: isValid() (type patterns) first, isPossible() (lengths) only when not valid. */
function validFirst(raw: string, region: CountryCode | undefined) {
  const text = raw.trim().replace(/^00(?=[1-9])/, "+");
  const parsed = parsePhoneNumberFromString(text, region);
  if (!parsed || !(parsed.isValid() || parsed.isPossible())) return null;
  return { e164: parsed.number, extension: parsed.ext ?? null };
}

const n = Number(process.argv[2] ?? 20_000);
const rounds = Number(process.argv[3] ?? 6);
const phones = Array.from({ length: n }, (_, i) => benchPhone(i));
const variants = { current: parsePhone, validFirst } as const;
for (const [name, f] of Object.entries(variants)) {
  for (const p of phones.slice(0, 2000))
    if (JSON.stringify(f(p, "RU")) !== JSON.stringify(parsePhone(p, "RU")))
      throw new Error(`${name} differs on ${p}`);
}
const results: Record<string, number[]> = { current: [], validFirst: [] };
for (let r = 0; r < rounds; r++) {
  for (const [name, f] of Object.entries(variants)) {
    const c0 = process.cpuUsage();
    for (const p of phones) f(p, "RU");
    const c = process.cpuUsage(c0);
    results[name]?.push((c.user + c.system) / n);
  }
}
for (const [name, us] of Object.entries(results)) {
  const s = [...us].sort((a, b) => a - b);
  console.log(
    `${name}: min ${s[0]?.toFixed(2)} µs, median ${s[Math.floor(s.length / 2)]?.toFixed(2)} µs per phone`,
  );
}
