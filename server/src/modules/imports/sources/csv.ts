import { UnsupportedFileError } from "../../../platform/files/storage.js";

/**
 * A streaming RFC 4180 CSV reader that scans with `indexOf` instead of character by character, so a 50 MB cell
 * or a million rows parse in a fraction of a second. Quoted fields may contain delimiters, newlines and `""`;
 * a quote inside an unquoted field is kept literally (real-world files have them); empty lines are skipped.
 */
const MAX_FIELD_CHARS = 100 * 1024 * 1024;

export async function* parseCsv(chunks: AsyncIterable<string>, delimiter: string): AsyncGenerator<string[]> {
  let record: string[] = [];
  let parts: string[] = [];
  let fieldLength = 0;
  let atFieldStart = true;
  let quoted = false;
  let pendingQuote = false;
  let pendingCr = false;
  let first = true;

  const add = (s: string) => {
    if (s.length === 0) return;
    fieldLength += s.length;
    if (fieldLength > MAX_FIELD_CHARS) {
      throw new UnsupportedFileError("A cell is larger than 100 MB — is a quote left open?");
    }
    parts.push(s);
  };
  const endField = () => {
    record.push(parts.length === 1 ? (parts[0] as string) : parts.join(""));
    parts = [];
    fieldLength = 0;
    atFieldStart = true;
  };
  const takeRecord = (): string[] | null => {
    const r = record;
    record = [];
    return r.length === 1 && r[0] === "" ? null : r;
  };

  for await (let s of chunks) {
    if (first) {
      s = s.replace(/^\uFEFF/, "");
      first = false;
    }
    let i = 0;
    const n = s.length;
    if (pendingCr) {
      pendingCr = false;
      if (s[0] === "\n") i = 1;
    }
    let nextD = -2;
    let nextLf = -2;
    let nextCr = -2;
    while (i < n) {
      if (quoted) {
        if (pendingQuote) {
          pendingQuote = false;
          if (s[i] === '"') {
            add('"');
            i++;
            continue;
          }
          quoted = false;
          continue;
        }
        const q = s.indexOf('"', i);
        if (q < 0) {
          add(s.slice(i));
          i = n;
          break;
        }
        add(s.slice(i, q));
        if (q + 1 >= n) {
          pendingQuote = true;
          i = n;
          break;
        }
        if (s[q + 1] === '"') {
          add('"');
          i = q + 2;
        } else {
          quoted = false;
          i = q + 1;
        }
        continue;
      }
      if (atFieldStart && s[i] === '"') {
        quoted = true;
        atFieldStart = false;
        i++;
        continue;
      }
      if (nextD !== -1 && nextD < i) nextD = s.indexOf(delimiter, i);
      if (nextLf !== -1 && nextLf < i) nextLf = s.indexOf("\n", i);
      if (nextCr !== -1 && nextCr < i) nextCr = s.indexOf("\r", i);
      let k = n;
      for (const p of [nextD, nextLf, nextCr]) if (p >= 0 && p < k) k = p;
      if (k === n) {
        add(s.slice(i));
        atFieldStart = false;
        i = n;
        break;
      }
      add(s.slice(i, k));
      endField();
      const c = s[k];
      i = k + 1;
      if (c === delimiter) continue;
      if (c === "\r") {
        if (i < n && s[i] === "\n") i++;
        else if (i >= n) pendingCr = true;
      }
      const r = takeRecord();
      if (r) yield r;
    }
  }
  if (quoted || parts.length > 0 || record.length > 0) {
    endField();
    const r = takeRecord();
    if (r) yield r;
  }
}
