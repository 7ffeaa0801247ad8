import { toSerbianLatin } from "../../platform/serbian-latin.js";

/** Words of emailed reports (column headings, mail text) in the interface languages; sr-Latn from sr. */
type Lang = "en" | "ru" | "sr" | "kk";
interface Texts {
  fn: Record<string, string>;
  bucket: Record<string, string>;
  team: string;
  records: string;
  generated: (at: string, tz: string) => string;
  subject: (name: string) => string;
  body: (name: string, link: string) => string;
  paused: (name: string, who: string) => { subject: string; text: string };
  notices: string;
  previous: string;
}

const TEXTS: Record<Lang, Texts> = {
  en: {
    fn: {
      count: "Count",
      sum: "Sum",
      avg: "Average",
      min: "Min",
      max: "Max",
      countDistinct: "Distinct",
      median: "Median",
    },
    bucket: { day: "day", week: "week", month: "month", quarter: "quarter", year: "year" },
    team: "Team",
    records: "records",
    generated: (at, tz) => `Generated ${at} (${tz})`,
    subject: (n) => `Report: ${n}`,
    body: (n, l) => `Your scheduled report "${n}" is attached.\n\nOpen it in Tandem CRM: ${l}`,
    paused: (n, who) => ({
      subject: `Scheduled report paused: ${n}`,
      text: `The schedule of "${n}" was paused because ${who} is deactivated. Change its recipients and resume it in Tandem CRM.`,
    }),
    notices: "Notes",
    previous: "Previous period",
  },
  ru: {
    fn: {
      count: "Количество",
      sum: "Сумма",
      avg: "Среднее",
      min: "Мин.",
      max: "Макс.",
      countDistinct: "Уникальных",
      median: "Медиана",
    },
    bucket: { day: "день", week: "неделя", month: "месяц", quarter: "квартал", year: "год" },
    team: "Команда",
    records: "записей",
    generated: (at, tz) => `Сформирован ${at} (${tz})`,
    subject: (n) => `Отчёт: ${n}`,
    body: (n, l) => `Ваш отчёт по расписанию «${n}» во вложении.\n\nОткрыть в Tandem CRM: ${l}`,
    paused: (n, who) => ({
      subject: `Рассылка отчёта приостановлена: ${n}`,
      text: `Рассылка отчёта «${n}» приостановлена: пользователь ${who} деактивирован. Измените получателей и возобновите её в Tandem CRM.`,
    }),
    notices: "Примечания",
    previous: "Прошлый период",
  },
  sr: {
    fn: {
      count: "Број",
      sum: "Збир",
      avg: "Просек",
      min: "Мин.",
      max: "Макс.",
      countDistinct: "Различитих",
      median: "Медијана",
    },
    bucket: { day: "дан", week: "недеља", month: "месец", quarter: "квартал", year: "година" },
    team: "Тим",
    records: "записа",
    generated: (at, tz) => `Направљено ${at} (${tz})`,
    subject: (n) => `Извештај: ${n}`,
    body: (n, l) => `Ваш заказани извештај „${n}” је у прилогу.\n\nОтворите га у Tandem CRM: ${l}`,
    paused: (n, who) => ({
      subject: `Заказани извештај је паузиран: ${n}`,
      text: `Слање извештаја „${n}” је паузирано јер је корисник ${who} деактивиран. Промените примаоце и наставите у Tandem CRM.`,
    }),
    notices: "Напомене",
    previous: "Претходни период",
  },
  kk: {
    fn: {
      count: "Саны",
      sum: "Сомасы",
      avg: "Орташа",
      min: "Ең аз",
      max: "Ең көп",
      countDistinct: "Бірегей",
      median: "Медиана",
    },
    bucket: { day: "күн", week: "апта", month: "ай", quarter: "тоқсан", year: "жыл" },
    team: "Топ",
    records: "жазба",
    generated: (at, tz) => `Жасалды ${at} (${tz})`,
    subject: (n) => `Есеп: ${n}`,
    body: (n, l) => `Кесте бойынша «${n}» есебі тіркелген.\n\nTandem CRM-де ашу: ${l}`,
    paused: (n, who) => ({
      subject: `Есеп жіберу тоқтатылды: ${n}`,
      text: `«${n}» есебін жіберу тоқтатылды: ${who} пайдаланушысы өшірілген. Алушыларды өзгертіп, Tandem CRM-де қайта қосыңыз.`,
    }),
    notices: "Ескертпелер",
    previous: "Алдыңғы кезең",
  },
};

/** The texts in a language (unknown → English); Serbian Latin transliterates the Serbian strings on use. */
export function reportTexts(language: string): Texts & { latin: boolean } {
  const lang = (language === "sr-Latn" ? "sr" : language) as Lang;
  return { ...(TEXTS[lang] ?? TEXTS.en), latin: language === "sr-Latn" };
}

export function localize(t: { latin: boolean }, s: string): string {
  return t.latin ? toSerbianLatin(s) : s;
}
