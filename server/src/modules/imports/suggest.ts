/**
 * Suggests which field a column fills from its header, in English, Russian, Serbian (Cyrillic and Latin) and
 * Kazakh. Concepts name the field keys they may be called in an entity (matched case- and underscore-
 * insensitively); headers also match a field's own key or label, which covers custom fields.
 */
import { type Concept, MORE_CONCEPTS } from "./suggest-fields.js";

const BASE_CONCEPTS: Concept[] = [
  {
    keys: ["name", "companyname", "title"],
    headers: [
      "name",
      "company",
      "company name",
      "organization",
      "organisation",
      "название",
      "название компании",
      "наименование",
      "наименование организации",
      "компания",
      "организация",
      "назив",
      "naziv",
      "назив фирме",
      "naziv firme",
      "фирма",
      "firma",
      "компанија",
      "kompanija",
      "атауы",
      "компания атауы",
      "ұйым",
      "ұйым атауы",
    ],
  },
  {
    keys: ["taxid", "inn", "vatid"],
    headers: [
      "tax id",
      "taxid",
      "tin",
      "vat",
      "vat id",
      "vat number",
      "inn",
      "инн",
      "пиб",
      "pib",
      "бсн",
      "бин",
      "bin",
      "иин",
      "жсн",
      "бсн/жсн",
      "бин/иин",
      "пиб/мб",
    ],
  },
  {
    keys: ["firstname", "givenname"],
    headers: ["first name", "firstname", "given name", "имя", "име", "ime", "аты", "есімі", "есім"],
  },
  {
    keys: ["lastname", "familyname", "surname"],
    headers: [
      "last name",
      "lastname",
      "surname",
      "family name",
      "фамилия",
      "презиме",
      "prezime",
      "тегі",
      "тек",
    ],
  },
  {
    keys: ["middlename", "patronymic"],
    headers: ["middle name", "patronymic", "отчество", "очество", "әкесінің аты", "очеството"],
  },
  {
    keys: ["fullname", "name"],
    headers: [
      "full name",
      "fullname",
      "contact",
      "contact name",
      "фио",
      "ф.и.о.",
      "контакт",
      "контактное лицо",
      "имя и фамилия",
      "име и презиме",
      "ime i prezime",
      "аты-жөні",
      "толық аты",
    ],
  },
  {
    keys: ["email", "emails", "primaryemail"],
    headers: [
      "email",
      "e-mail",
      "e mail",
      "mail",
      "email address",
      "имейл",
      "емейл",
      "имэйл",
      "эл. почта",
      "эл почта",
      "электронная почта",
      "почта",
      "e-пошта",
      "е-пошта",
      "e-pošta",
      "е-маил",
      "e-mail адреса",
      "imejl",
      "мејл",
      "эл. пошта",
      "электрондық пошта",
      "пошта",
    ],
  },
  {
    keys: ["phone", "phones", "primaryphone", "mobile"],
    headers: [
      "phone",
      "telephone",
      "tel",
      "tel.",
      "mobile",
      "mobile phone",
      "cell",
      "phone number",
      "телефон",
      "тел",
      "тел.",
      "мобильный",
      "мобильный телефон",
      "номер телефона",
      "мобилни",
      "мобилни телефон",
      "telefon",
      "број телефона",
      "broj telefona",
      "ұялы телефон",
      "телефон нөмірі",
    ],
  },
  {
    keys: ["position", "jobtitle", "title"],
    headers: [
      "position",
      "job title",
      "title",
      "должность",
      "позиција",
      "pozicija",
      "радно место",
      "radno mesto",
      "функција",
      "лауазымы",
      "лауазым",
    ],
  },
  {
    keys: ["website", "site", "url"],
    headers: [
      "website",
      "web site",
      "site",
      "url",
      "www",
      "сайт",
      "веб-сайт",
      "веб сајт",
      "sajt",
      "web sajt",
    ],
  },
  {
    keys: ["address", "legaladdress"],
    headers: ["address", "адрес", "адреса", "adresa", "мекенжай", "юридический адрес"],
  },
  { keys: ["city"], headers: ["city", "town", "город", "град", "grad", "қала"] },
  { keys: ["country"], headers: ["country", "страна", "држава", "država", "ел", "мемлекет"] },
  { keys: ["industry"], headers: ["industry", "отрасль", "индустрия", "делатност", "delatnost", "сала"] },
  {
    keys: ["birthday", "birthdate", "dateofbirth"],
    headers: [
      "birthday",
      "date of birth",
      "birth date",
      "дата рождения",
      "день рождения",
      "датум рођења",
      "datum rođenja",
      "туған күні",
      "туған күн",
    ],
  },
  {
    keys: ["notes", "note", "description", "comment"],
    headers: [
      "notes",
      "note",
      "comment",
      "comments",
      "description",
      "примечание",
      "комментарий",
      "заметки",
      "описание",
      "напомена",
      "napomena",
      "опис",
      "opis",
      "ескертпе",
      "түсініктеме",
      "сипаттама",
    ],
  },
  {
    keys: ["owner", "ownerid", "owneremail", "responsible"],
    headers: [
      "owner",
      "owner email",
      "responsible",
      "ответственный",
      "менеджер",
      "одговорни",
      "odgovorni",
      "власник",
      "жауапты",
      "менеджер email",
    ],
  },
  {
    keys: ["companyid", "company", "companyname"],
    headers: [
      "company",
      "organization",
      "компания",
      "организация",
      "фирма",
      "компанија",
      "kompanija",
      "ұйым",
    ],
  },
  {
    keys: ["amount", "value", "sum"],
    headers: ["amount", "value", "deal value", "sum", "сумма", "бюджет", "износ", "iznos", "сома", "сомасы"],
  },
  { keys: ["currency"], headers: ["currency", "валюта", "валута", "valuta"] },
  {
    keys: ["stage", "stageid"],
    headers: ["stage", "status", "этап", "стадия", "статус", "фаза", "faza", "кезең"],
  },
  {
    keys: ["expectedcloseat", "closedate", "expectedclosedate"],
    headers: ["close date", "expected close date", "дата закрытия", "датум затварања", "жабылу күні"],
  },
];

const CONCEPTS = [...BASE_CONCEPTS, ...MORE_CONCEPTS];

export interface SuggestableField {
  key: string;
  label?: string;
}

export function normalizeHeader(s: string): string {
  return s
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[\s_\-.:/*()]+/g, " ")
    .trim();
}

const compact = (s: string) => normalizeHeader(s).replace(/ /g, "");

/** Column index → field key for the headers it recognises; a field is suggested for one column at most. */
export function suggestMapping(headers: string[], fields: SuggestableField[]): Record<string, string> {
  const byCompactKey = new Map(fields.map((f) => [compact(f.key), f.key]));
  const taken = new Set<string>();
  const out: Record<string, string> = {};
  headers.forEach((header, index) => {
    const h = normalizeHeader(header);
    if (!h) return;
    const key = directMatch(h, fields) ?? conceptMatch(h, byCompactKey, taken);
    if (key && !taken.has(key)) {
      taken.add(key);
      out[String(index)] = key;
    }
  });
  return out;
}

function directMatch(h: string, fields: SuggestableField[]): string | undefined {
  return fields.find(
    (f) => compact(f.key) === h.replace(/ /g, "") || (f.label && normalizeHeader(f.label) === h),
  )?.key;
}

function conceptMatch(h: string, byCompactKey: Map<string, string>, taken: Set<string>): string | undefined {
  for (const c of CONCEPTS) {
    if (!c.headers.some((x) => normalizeHeader(x) === h)) continue;
    for (const k of c.keys) {
      const key = byCompactKey.get(k);
      if (key && !taken.has(key)) return key;
    }
  }
  return undefined;
}
