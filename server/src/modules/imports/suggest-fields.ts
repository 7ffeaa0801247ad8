/**
 * Header synonyms (en/ru/sr Cyrillic and Latin/kk) for the company, contact and deal fields beyond the basics:
 * company types, size, rating and parent, messengers, preferred channel, language, marketing consent and deal
 * probability. Part of `suggest.ts`'s concepts.
 */
export interface Concept {
  /** Field keys (compacted, lowercase) the concept may be called, in order of preference. */
  keys: string[];
  headers: string[];
}

export const MORE_CONCEPTS: Concept[] = [
  {
    keys: ["types"],
    headers: [
      "type",
      "types",
      "company type",
      "тип",
      "типы",
      "тип компании",
      "тип клиента",
      "врста",
      "vrsta",
      "тип фирме",
      "tip firme",
      "врста фирме",
      "vrsta firme",
      "түрі",
      "компания түрі",
    ],
  },
  {
    keys: ["size"],
    headers: [
      "size",
      "company size",
      "employees",
      "number of employees",
      "headcount",
      "размер",
      "размер компании",
      "численность",
      "численность сотрудников",
      "количество сотрудников",
      "величина",
      "veličina",
      "број запослених",
      "broj zaposlenih",
      "көлемі",
      "қызметкерлер саны",
    ],
  },
  {
    keys: ["rating"],
    headers: ["rating", "grade", "рейтинг", "категория", "рејтинг", "rejting", "оцена", "ocena", "санаты"],
  },
  {
    keys: ["parentcompany"],
    headers: [
      "parent company",
      "parent",
      "holding",
      "головная компания",
      "материнская компания",
      "холдинг",
      "матична фирма",
      "matična firma",
      "матична компанија",
      "matična kompanija",
      "бас компания",
      "аналық компания",
    ],
  },
  {
    keys: ["telegram"],
    headers: ["telegram", "tg", "телеграм", "телеграмм", "telegram username", "ник в telegram"],
  },
  { keys: ["whatsapp"], headers: ["whatsapp", "whats app", "вотсап", "ватсап", "вацап", "воцап"] },
  {
    keys: ["preferredchannel"],
    headers: [
      "preferred channel",
      "contact channel",
      "предпочтительный канал",
      "канал связи",
      "способ связи",
      "жељени канал",
      "željeni kanal",
      "канал комуникације",
      "kanal komunikacije",
      "байланыс арнасы",
      "қолайлы арна",
    ],
  },
  { keys: ["language"], headers: ["language", "lang", "язык", "језик", "jezik", "тіл", "тілі"] },
  {
    keys: ["emailmarketing"],
    headers: [
      "email consent",
      "email marketing",
      "email opt in",
      "email subscription",
      "согласие на email",
      "согласие на рассылку",
      "подписка на рассылку",
      "сагласност за email",
      "saglasnost za email",
      "сагласност за имејл",
      "email келісімі",
      "email таратуға келісім",
    ],
  },
  {
    keys: ["smsmarketing"],
    headers: [
      "sms consent",
      "sms marketing",
      "sms opt in",
      "согласие на sms",
      "согласие на смс",
      "смс рассылка",
      "сагласност за sms",
      "saglasnost za sms",
      "сагласност за смс",
      "sms келісімі",
      "sms таратуға келісім",
    ],
  },
  {
    keys: ["probability"],
    headers: [
      "probability",
      "win probability",
      "probability %",
      "вероятность",
      "вероятность %",
      "вероятность успеха",
      "вероватноћа",
      "verovatnoća",
      "ықтималдық",
    ],
  },
];
