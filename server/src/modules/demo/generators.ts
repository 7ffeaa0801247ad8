/** Deterministic pseudo-random values, so every demo instance looks the same. */
export function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
  };
}

type Rng = ReturnType<typeof rng>;
const digits = (r: Rng, n: number) => Array.from({ length: n }, () => r.int(0, 9)).join("");

/** Tax ids with valid check digits (see platform/records/values.ts for the algorithms). */
export function taxId(r: Rng, kind: "INN" | "PIB" | "BIN" | "VAT", country: string): string {
  if (kind === "INN") {
    const d = `77${digits(r, 7)}`;
    const w = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    return d + ((w.reduce((s, x, i) => s + x * Number(d[i]), 0) % 11) % 10);
  }
  if (kind === "PIB") {
    const d = `1${digits(r, 7)}`;
    let k = 10;
    for (const ch of d) {
      k = (k + Number(ch)) % 10;
      if (k === 0) k = 10;
      k = (2 * k) % 11;
    }
    return d + ((11 - k) % 10);
  }
  if (kind === "BIN") {
    for (;;) {
      const d = `${digits(r, 4)}40${digits(r, 5)}`;
      const n = [...d].map(Number);
      let s = n.reduce((a, x, i) => a + x * (i + 1), 0) % 11;
      if (s === 10) {
        const w = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
        s = n.reduce((a, x, i) => a + x * w[i]!, 0) % 11;
      }
      if (s !== 10) return d + s;
    }
  }
  return `${country}${digits(r, 9)}`;
}

export function transliterate(s: string): string {
  const map: Record<string, string> = {
    а: "a",
    б: "b",
    в: "v",
    г: "g",
    д: "d",
    е: "e",
    ё: "e",
    ж: "zh",
    з: "z",
    и: "i",
    й: "y",
    к: "k",
    л: "l",
    м: "m",
    н: "n",
    о: "o",
    п: "p",
    р: "r",
    с: "s",
    т: "t",
    у: "u",
    ф: "f",
    х: "h",
    ц: "ts",
    ч: "ch",
    ш: "sh",
    щ: "sch",
    ы: "y",
    э: "e",
    ю: "yu",
    я: "ya",
    ć: "c",
    č: "c",
    š: "s",
    ž: "z",
    đ: "dj",
  };
  return [...s.toLowerCase()].map((c) => map[c] ?? (/[a-z0-9]/.test(c) ? c : "")).join("");
}
