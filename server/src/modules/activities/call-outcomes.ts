/**
 * Outcomes of a logged call, stored as these stable codes (the UI translates them). Meetings keep a free-text
 * outcome. Call outcomes written before the codes existed were translated words; migration
 * `20261206_0710_activities_call_outcome_codes` mapped the known ones, anything else stays as written.
 */
export const CALL_OUTCOMES = ["reached", "noAnswer", "busy", "voicemail", "wrongNumber"] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const isCallOutcome = (value: string): value is CallOutcome =>
  (CALL_OUTCOMES as readonly string[]).includes(value);

/** The words the web UI (timeline and My day, en/ru/sr/kk) stored before codes, lower-cased → code. */
export const LEGACY_CALL_OUTCOMES: Record<CallOutcome, readonly string[]> = {
  reached: ["reached", "дозвонились", "дозвонился", "успостављен", "јавио се", "байланысты", "сөйлестім"],
  noAnswer: ["no answer", "нет ответа", "не ответил", "нема одговора", "жауап жоқ", "жауап бермеді"],
  busy: ["busy", "занято", "заузето", "бос емес"],
  voicemail: [
    "voicemail",
    "left a voicemail",
    "автоответчик",
    "оставил голосовое сообщение",
    "говорна пошта",
    "остављена говорна порука",
    "автожауап",
    "дауыстық хабар қалдырдым",
  ],
  wrongNumber: ["wrong number", "неверный номер", "погрешан број", "қате нөмір"],
};
