/**
 * "in 3 days" / "2 часа назад" from the app's own words in every interface language, not the browser's
 * `Intl.RelativeTimeFormat` (Debian's Chromium has no Kazakh data and answers "in 3 days" in a Kazakh screen).
 */
import { toLanguageCode } from "./languages";
import { toSerbianLatin } from "./serbianLatin";

export type RelativeUnit = "year" | "month" | "week" | "day" | "hour" | "minute";

/** Templates by plural form: one, few, many (`{n}` is the number). */
type Forms = readonly [string, string, string];

interface RelativeWords {
  now: string;
  yesterday: string;
  tomorrow: string;
  future: Record<RelativeUnit, Forms>;
  past: Record<RelativeUnit, Forms>;
  /** The plural form of a whole number: 0 one, 1 few, 2 many/other. */
  form: (n: number) => 0 | 1 | 2;
}

/** Russian and Serbian: 1, 21 → one; 2–4, 22–24 → few; the rest (11–14 too) → many. */
function slavic(n: number): 0 | 1 | 2 {
  const ten = n % 10;
  const hundred = n % 100;
  if (ten === 1 && hundred !== 11) return 0;
  if (ten >= 2 && ten <= 4 && (hundred < 12 || hundred > 14)) return 1;
  return 2;
}

const same = (text: string): Forms => [text, text, text];

const en: RelativeWords = {
  now: "now",
  yesterday: "yesterday",
  tomorrow: "tomorrow",
  future: {
    year: ["in {n} year", "in {n} years", "in {n} years"],
    month: ["in {n} month", "in {n} months", "in {n} months"],
    week: ["in {n} week", "in {n} weeks", "in {n} weeks"],
    day: ["in {n} day", "in {n} days", "in {n} days"],
    hour: ["in {n} hour", "in {n} hours", "in {n} hours"],
    minute: ["in {n} minute", "in {n} minutes", "in {n} minutes"],
  },
  past: {
    year: ["{n} year ago", "{n} years ago", "{n} years ago"],
    month: ["{n} month ago", "{n} months ago", "{n} months ago"],
    week: ["{n} week ago", "{n} weeks ago", "{n} weeks ago"],
    day: ["{n} day ago", "{n} days ago", "{n} days ago"],
    hour: ["{n} hour ago", "{n} hours ago", "{n} hours ago"],
    minute: ["{n} minute ago", "{n} minutes ago", "{n} minutes ago"],
  },
  form: (n) => (n === 1 ? 0 : 2),
};

const ru: RelativeWords = {
  now: "сейчас",
  yesterday: "вчера",
  tomorrow: "завтра",
  future: {
    year: ["через {n} год", "через {n} года", "через {n} лет"],
    month: ["через {n} месяц", "через {n} месяца", "через {n} месяцев"],
    week: ["через {n} неделю", "через {n} недели", "через {n} недель"],
    day: ["через {n} день", "через {n} дня", "через {n} дней"],
    hour: ["через {n} час", "через {n} часа", "через {n} часов"],
    minute: ["через {n} минуту", "через {n} минуты", "через {n} минут"],
  },
  past: {
    year: ["{n} год назад", "{n} года назад", "{n} лет назад"],
    month: ["{n} месяц назад", "{n} месяца назад", "{n} месяцев назад"],
    week: ["{n} неделю назад", "{n} недели назад", "{n} недель назад"],
    day: ["{n} день назад", "{n} дня назад", "{n} дней назад"],
    hour: ["{n} час назад", "{n} часа назад", "{n} часов назад"],
    minute: ["{n} минуту назад", "{n} минуты назад", "{n} минут назад"],
  },
  form: slavic,
};

const kk: RelativeWords = {
  now: "қазір",
  yesterday: "кеше",
  tomorrow: "ертең",
  future: {
    year: same("{n} жылдан кейін"),
    month: same("{n} айдан кейін"),
    week: same("{n} аптадан кейін"),
    day: same("{n} күннен кейін"),
    hour: same("{n} сағаттан кейін"),
    minute: same("{n} минуттан кейін"),
  },
  past: {
    year: same("{n} жыл бұрын"),
    month: same("{n} ай бұрын"),
    week: same("{n} апта бұрын"),
    day: same("{n} күн бұрын"),
    hour: same("{n} сағат бұрын"),
    minute: same("{n} минут бұрын"),
  },
  form: () => 0,
};

const sr: RelativeWords = {
  now: "сада",
  yesterday: "јуче",
  tomorrow: "сутра",
  future: {
    year: ["за {n} годину", "за {n} године", "за {n} година"],
    month: ["за {n} месец", "за {n} месеца", "за {n} месеци"],
    week: ["за {n} недељу", "за {n} недеље", "за {n} недеља"],
    day: ["за {n} дан", "за {n} дана", "за {n} дана"],
    hour: ["за {n} сат", "за {n} сата", "за {n} сати"],
    minute: ["за {n} минут", "за {n} минута", "за {n} минута"],
  },
  past: {
    year: ["пре {n} године", "пре {n} године", "пре {n} година"],
    month: ["пре {n} месеца", "пре {n} месеца", "пре {n} месеци"],
    week: ["пре {n} недеље", "пре {n} недеље", "пре {n} недеља"],
    day: ["пре {n} дана", "пре {n} дана", "пре {n} дана"],
    hour: ["пре {n} сата", "пре {n} сата", "пре {n} сати"],
    minute: ["пре {n} минута", "пре {n} минута", "пре {n} минута"],
  },
  form: slavic,
};

const WORDS: Readonly<Record<string, RelativeWords>> = { en, ru, kk, sr, "sr-Latn": sr };

/**
 * `count` units from now (negative: in the past) in `language`, with "yesterday"/"tomorrow" for one day;
 * `number` writes the count in the language's digits grouping.
 */
export function relativeText(
  count: number,
  unit: RelativeUnit | "second",
  language: string,
  number: (n: number) => string = String,
): string {
  const code = toLanguageCode(language) ?? "en";
  const words = WORDS[code] ?? en;
  let out: string;
  if (unit === "second") out = words.now;
  else if (unit === "day" && count === -1) out = words.yesterday;
  else if (unit === "day" && count === 1) out = words.tomorrow;
  else if (count === 0) out = words.now;
  else {
    const n = Math.abs(count);
    const forms = (count < 0 ? words.past : words.future)[unit];
    out = forms[words.form(n)].replace("{n}", number(n));
  }
  return code === "sr-Latn" ? toSerbianLatin(out) : out;
}
