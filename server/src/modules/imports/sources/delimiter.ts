/**
 * Picks the CSV delimiter that splits the first lines into the same, largest number of columns. The common
 * ones (`, ; TAB |`) come first; the rarer `:` and `^` (which also occur inside values: times, URLs) win only
 * when no common one splits every line the same way.
 */
export const COMMON_DELIMITERS = [",", ";", "\t", "|"] as const;
export const RARE_DELIMITERS = [":", "^"] as const;
export const DELIMITERS = [...COMMON_DELIMITERS, ...RARE_DELIMITERS] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/**
 * A delimiter a user may choose: any one character that is not a letter, digit, mark, quote, control or
 * whitespace character — except TAB, which is allowed.
 */
export const DELIMITER_PATTERN = /^(?:\t|[^\p{L}\p{N}\p{M}\p{C}\p{Z}\s"'])$/u;

export function detectDelimiter(text: string): Delimiter {
  const lines = splitLines(text).slice(0, 50);
  const common = best(lines, COMMON_DELIMITERS);
  if (common && common.consistent === lines.length) return common.delimiter;
  const rare = best(lines, RARE_DELIMITERS);
  if (rare && (!common || rare.score > common.score)) return rare.delimiter;
  return common?.delimiter ?? ",";
}

function best(lines: string[], candidates: readonly Delimiter[]) {
  let found: { delimiter: Delimiter; score: number; consistent: number } | null = null;
  for (const d of candidates) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const consistent = counts.filter((c) => c === first).length;
    const score = consistent * 1000 + first;
    if (!found || score > found.score) found = { delimiter: d, score, consistent };
  }
  return found;
}

/** Logical lines (a quoted field may span physical lines); the last, possibly cut, line is dropped. */
function splitLines(text: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === "\n" && !quoted) {
      const line = text.slice(start, i).replace(/\r$/, "");
      if (line.trim()) out.push(line);
      start = i + 1;
    }
  }
  if (out.length === 0 && text.trim()) out.push(text);
  return out;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === d && !quoted) n++;
  }
  return n;
}
