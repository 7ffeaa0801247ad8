/**
 * The app's own locale data for dates, numbers and money in every interface language, so screens do not
 * depend on the browser's ICU (Debian's Chromium has none for Kazakh: "2026 M11 30", "₽ 935,000.00").
 */
import { toLanguageCode } from "./languages";

export interface LocaleData {
  /** Group and decimal separators (U+00A0 where the language writes a space). */
  group: string;
  decimal: string;
  /** Month names: standalone ("декабрь 2026") and in a date ("3 декабря"). */
  months: readonly string[];
  monthsInDate: readonly string[];
  monthsShort: readonly string[];
  weekdays: readonly string[];
  weekdaysShort: readonly string[];
  /** Monday = 1 … Sunday = 7, the first column of a calendar. */
  firstDayOfWeek: 1 | 7;
  /** Typed and shown date order: day.month.year or month/day/year. */
  dateOrder: "dmy" | "mdy";
  /** Currency symbol before the amount ("$1.00") or after it with a space ("1,00 ₽"). */
  currencyFirst: boolean;
  /** Symbols that differ from the shared table in this language. */
  symbols?: Readonly<Record<string, string>>;
}

const split = (text: string) => text.split(" ");

const NBSP = "\u00a0";

const en: LocaleData = {
  group: ",",
  decimal: ".",
  months: split("January February March April May June July August September October November December"),
  monthsInDate: split(
    "January February March April May June July August September October November December",
  ),
  monthsShort: split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"),
  weekdays: split("Sunday Monday Tuesday Wednesday Thursday Friday Saturday"),
  weekdaysShort: split("Sun Mon Tue Wed Thu Fri Sat"),
  firstDayOfWeek: 7,
  dateOrder: "mdy",
  currencyFirst: true,
};

const ru: LocaleData = {
  group: NBSP,
  decimal: ",",
  months: split("январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь"),
  monthsInDate: split("января февраля марта апреля мая июня июля августа сентября октября ноября декабря"),
  monthsShort: split("янв. февр. мар. апр. мая июн. июл. авг. сент. окт. нояб. дек."),
  weekdays: split("воскресенье понедельник вторник среда четверг пятница суббота"),
  weekdaysShort: split("вс пн вт ср чт пт сб"),
  firstDayOfWeek: 1,
  dateOrder: "dmy",
  currencyFirst: false,
};

const kk: LocaleData = {
  group: NBSP,
  decimal: ",",
  months: split("қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан"),
  monthsInDate: split("қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан"),
  monthsShort: split("қаң. ақп. нау. сәу. мам. мау. шіл. там. қыр. қаз. қар. жел."),
  weekdays: split("жексенбі дүйсенбі сейсенбі сәрсенбі бейсенбі жұма сенбі"),
  weekdaysShort: split("жс дс сс ср бс жм сб"),
  firstDayOfWeek: 1,
  dateOrder: "dmy",
  currencyFirst: false,
};

const sr: LocaleData = {
  group: ".",
  decimal: ",",
  months: split("јануар фебруар март април мај јун јул август септембар октобар новембар децембар"),
  monthsInDate: split("јануар фебруар март април мај јун јул август септембар октобар новембар децембар"),
  monthsShort: split("јан феб мар апр мај јун јул авг сеп окт нов дец"),
  weekdays: split("недеља понедељак уторак среда четвртак петак субота"),
  weekdaysShort: split("нед пон уто сре чет пет суб"),
  firstDayOfWeek: 1,
  dateOrder: "dmy",
  currencyFirst: false,
  symbols: { RSD: "дин." },
};

const srLatn: LocaleData = {
  ...sr,
  months: split("januar februar mart april maj jun jul avgust septembar oktobar novembar decembar"),
  monthsInDate: split("januar februar mart april maj jun jul avgust septembar oktobar novembar decembar"),
  monthsShort: split("jan feb mar apr maj jun jul avg sep okt nov dec"),
  weekdays: split("nedelja ponedeljak utorak sreda četvrtak petak subota"),
  weekdaysShort: split("ned pon uto sre čet pet sub"),
  symbols: { RSD: "din." },
};

export const LOCALE_DATA: Readonly<Record<string, LocaleData>> = { en, ru, kk, sr, "sr-Latn": srLatn };

/** The data of an interface language (`ru-RU` → ru, `sr-Latn-RS` → sr-Latn); English for anything unknown. */
export function localeData(language: string): LocaleData {
  const code = toLanguageCode(language);
  return (code && LOCALE_DATA[code]) || en;
}

const SYMBOLS: Readonly<Record<string, string>> = {
  USD: "$",
  EUR: "€",
  GBP: "£",
  RUB: "₽",
  KZT: "₸",
  UAH: "₴",
  BYN: "Br",
  TRY: "₺",
  CNY: "¥",
  JPY: "¥",
  INR: "₹",
  KRW: "₩",
  ILS: "₪",
};

export function currencySymbol(currency: string, language: string): string {
  const code = currency.toUpperCase();
  return localeData(language).symbols?.[code] ?? SYMBOLS[code] ?? code;
}

const MINOR_UNITS: Readonly<Record<string, number>> = {
  JPY: 0,
  KRW: 0,
  VND: 0,
  CLP: 0,
  ISK: 0,
  HUF: 2,
  KWD: 3,
  BHD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
};

/** Digits after the decimal point a currency is written with. */
export const minorUnits = (currency: string) => MINOR_UNITS[currency.toUpperCase()] ?? 2;
