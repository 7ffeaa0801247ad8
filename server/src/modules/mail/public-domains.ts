/**
 * Free-mail domains: an address there says nothing about the company, so linking by domain ignores them
 * (contacts are still linked by their exact address).
 */
export const PUBLIC_EMAIL_DOMAINS: ReadonlySet<string> = new Set([
  "gmail.com",
  "googlemail.com",
  "yahoo.com",
  "yahoo.co.uk",
  "ymail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "msn.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "aol.com",
  "proton.me",
  "protonmail.com",
  "gmx.com",
  "gmx.de",
  "web.de",
  "zoho.com",
  "yandex.ru",
  "yandex.com",
  "yandex.by",
  "yandex.kz",
  "yandex.ua",
  "ya.ru",
  "mail.ru",
  "bk.ru",
  "list.ru",
  "inbox.ru",
  "internet.ru",
  "rambler.ru",
  "lenta.ru",
  "autorambler.ru",
  "ro.ru",
  "mail.kz",
  "inbox.kz",
  "bk.kz",
  "mail.ua",
  "ukr.net",
  "i.ua",
  "meta.ua",
  "tut.by",
  "qip.ru",
  "pochta.ru",
  "yahoo.ru",
  "gmail.ru",
  "outlook.ru",
  "hotmail.ru",
  "sbb.rs",
  "eunet.rs",
  "open.telekom.rs",
  "orion.rs",
  "ptt.rs",
  "beotel.net",
  "qq.com",
  "163.com",
  "126.com",
]);

export function domainOf(address: string): string {
  const at = address.lastIndexOf("@");
  return at < 0 ? "" : address.slice(at + 1).toLowerCase();
}

export function isPublicDomain(domain: string): boolean {
  return PUBLIC_EMAIL_DOMAINS.has(domain.toLowerCase());
}
