/**
 * Server-side texts of notifications in the four UI languages. A notification stores a title key and params;
 * it is rendered in the recipient's language (and time zone) when listed, streamed or emailed. The actor's
 * gender is unknown, so Russian and Serbian texts use the present tense ("упоминает", "помиње"), whose verb does
 * not change with it, instead of "упомянул(а)".
 */
import { toSerbianLatin } from "../../platform/serbian-latin.js";

export type Language = "en" | "ru" | "sr" | "sr-Latn" | "kk";
export type NotificationParams = Record<string, string | number>;

type Forms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
/** `sr-Latn` is not written: it is the `sr` text transliterated. */
type Message = Record<Exclude<Language, "sr-Latn">, string | Forms>;

export const messages: Record<string, Message> = {
  "task.reminder": {
    en: "Reminder: «{title}» is due {dueAt}",
    ru: "Напоминание: «{title}» — срок {dueAt}",
    sr: "Подсетник: «{title}» — рок {dueAt}",
    kk: "Еске салу: «{title}» — мерзімі {dueAt}",
  },
  "task.overdue": {
    en: "The task «{title}» is overdue",
    ru: "Задача «{title}» просрочена",
    sr: "Задатку «{title}» је истекао рок",
    kk: "«{title}» тапсырмасының мерзімі өтті",
  },
  "task.escalated": {
    en: {
      one: "The task «{title}» of {owner} is {days} day late",
      other: "The task «{title}» of {owner} is {days} days late",
    },
    ru: {
      one: "Задача «{title}» ({owner}) просрочена на {days} день",
      few: "Задача «{title}» ({owner}) просрочена на {days} дня",
      other: "Задача «{title}» ({owner}) просрочена на {days} дней",
    },
    sr: {
      one: "Задатак «{title}» ({owner}) касни {days} дан",
      other: "Задатак «{title}» ({owner}) касни {days} дана",
    },
    kk: { other: "«{title}» тапсырмасы ({owner}) {days} күн кешікті" },
  },
  "record.assigned": {
    en: "{actor} made you responsible for «{title}»",
    ru: "{actor} передаёт вам «{title}»",
    sr: "{actor} вам додељује «{title}»",
    kk: "{actor} сізді «{title}» үшін жауапты етті",
  },
  "activity.mention": {
    en: "{actor} mentioned you in a note on «{title}»",
    ru: "{actor} упоминает вас в заметке к «{title}»",
    sr: "{actor} вас помиње у белешци уз «{title}»",
    kk: "{actor} «{title}» бойынша ескертпеде сізді атап өтті",
  },
  "automation.notify": {
    en: "{rule}: {message}",
    ru: "{rule}: {message}",
    sr: "{rule}: {message}",
    kk: "{rule}: {message}",
  },
  "automation.failed": {
    en: "The automation rule «{rule}» failed: {error}",
    ru: "Правило автоматизации «{rule}» завершилось ошибкой: {error}",
    sr: "Правило аутоматизације «{rule}» није успело: {error}",
    kk: "«{rule}» автоматтандыру ережесі қатемен аяқталды: {error}",
  },
  "activity.mentionNote": {
    en: "{actor} mentioned you in a note",
    ru: "{actor} упоминает вас в заметке",
    sr: "{actor} вас помиње у белешци",
    kk: "{actor} сізді ескертпеде атап өтті",
  },
};

export function hasMessage(key: string): boolean {
  return key in messages;
}

export function asLanguage(value: string): Language {
  return value === "ru" || value === "sr" || value === "sr-Latn" || value === "kk" ? value : "en";
}

/** Renders a message; `dueAt`-like ISO params are formatted for the recipient's language and time zone. */
export function renderMessage(
  key: string,
  params: NotificationParams,
  language: string,
  timeZone: string,
): string {
  const lang = asLanguage(language);
  const message = messages[key]?.[lang === "sr-Latn" ? "sr" : lang] ?? key;
  let template: string;
  if (typeof message === "string") template = message;
  else {
    const count = Number(params.days ?? params.count ?? 0);
    template = message[new Intl.PluralRules(lang).select(count)] ?? message.other;
  }
  if (lang === "sr-Latn") template = toSerbianLatin(template);
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) return "";
    if (name === "dueAt" && typeof v === "string") return formatMoment(v, lang, timeZone);
    return String(v);
  });
}

function formatMoment(value: string, lang: Language, timeZone: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const allDay = /^\d{4}-\d{2}-\d{2}$/.test(value);
  try {
    return new Intl.DateTimeFormat(lang, {
      dateStyle: "medium",
      ...(allDay ? { timeZone: "UTC" } : { timeStyle: "short", timeZone }),
    }).format(date);
  } catch {
    return value;
  }
}
