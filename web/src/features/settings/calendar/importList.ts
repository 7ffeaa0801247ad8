import { parseTypedDate } from "../../../ui/dates/parse";
import type { DateInput } from "./api";

export interface ParsedList {
  dates: DateInput[];
  /** 1-based numbers of the lines that are not `date[; holiday|workday][; name]`. */
  badLines: number[];
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const KINDS: Record<string, DateInput["kind"]> = { holiday: "holiday", workday: "workday" };

/**
 * A pasted list, one date per line: `date; kind; name`, kind `holiday` (the default) or `workday`, the date
 * as ISO or as typed in the interface language (`07.01.2027`). Tabs and commas separate as well as `;`.
 */
export function parseDateList(
  text: string,
  language: string,
  kindWords: Record<string, DateInput["kind"]> = {},
): ParsedList {
  const words = {
    ...KINDS,
    ...Object.fromEntries(Object.entries(kindWords).map(([k, v]) => [k.toLowerCase(), v])),
  };
  const dates: DateInput[] = [];
  const badLines: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const [rawDay = "", ...rest] = line.split(/[;\t,]/).map((p) => p.trim());
    const parsed = ISO.test(rawDay) ? { value: rawDay } : parseTypedDate(rawDay, language);
    if (!("value" in parsed) || !parsed.value) {
      badLines.push(i + 1);
      return;
    }
    const kind = rest[0] ? words[rest[0].toLowerCase()] : undefined;
    const name = (kind ? rest.slice(1) : rest).join(", ").trim() || null;
    dates.push({ day: parsed.value, kind: kind ?? "holiday", name, start: null, end: null });
  });
  return { dates, badLines };
}
