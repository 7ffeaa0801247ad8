/** Connection presets for the common providers (app passwords); the user fills in the address and password. */
export type TlsMode = "tls" | "starttls" | "none";
export interface Endpoint {
  host: string;
  port: number;
  tls: TlsMode;
}
export const PRESETS = {
  gmail: {
    imap: { host: "imap.gmail.com", port: 993, tls: "tls" },
    smtp: { host: "smtp.gmail.com", port: 465, tls: "tls" },
  },
  yandex: {
    imap: { host: "imap.yandex.ru", port: 993, tls: "tls" },
    smtp: { host: "smtp.yandex.ru", port: 465, tls: "tls" },
  },
  mailru: {
    imap: { host: "imap.mail.ru", port: 993, tls: "tls" },
    smtp: { host: "smtp.mail.ru", port: 465, tls: "tls" },
  },
  microsoft: {
    imap: { host: "outlook.office365.com", port: 993, tls: "tls" },
    smtp: { host: "smtp.office365.com", port: 587, tls: "starttls" },
  },
} as const satisfies Record<string, { imap: Endpoint; smtp: Endpoint }>;
export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
