/** Transactional emails in the four UI languages. Plain text is the source; HTML is derived from it. */
import { toSerbianLatin } from "../serbian-latin.js";

export type MailLanguage = "en" | "ru" | "sr" | "sr-Latn" | "kk";
export type TemplateName = "password_reset" | "invitation" | "two_factor_changed" | "webhook_disabled";

export interface TemplateVars {
  name?: string;
  link?: string;
  /** For two_factor_changed: "enabled" or "disabled". */
  change?: "enabled" | "disabled";
  minutes?: number;
  days?: number;
  /** For webhook_disabled: the subscription's URL. */
  target?: string;
}

type Render = (v: TemplateVars) => { subject: string; text: string };

/** `sr-Latn` is not written: it is the `sr` text transliterated. */
const templates: Record<TemplateName, Record<Exclude<MailLanguage, "sr-Latn">, Render>> = {
  password_reset: {
    en: (v) => ({
      subject: "Reset your Tandem CRM password",
      text: `Hello ${v.name},\n\nSomeone (hopefully you) asked to reset your Tandem CRM password. Open this link within ${v.minutes} minutes to choose a new one:\n\n${v.link}\n\nIf it was not you, ignore this email; your password stays unchanged.`,
    }),
    ru: (v) => ({
      subject: "Сброс пароля Tandem CRM",
      text: `Здравствуйте, ${v.name}!\n\nКто-то (надеемся, вы) запросил сброс пароля Tandem CRM. Откройте ссылку в течение ${v.minutes} минут, чтобы задать новый пароль:\n\n${v.link}\n\nЕсли это были не вы, просто проигнорируйте письмо — пароль не изменится.`,
    }),
    sr: (v) => ({
      subject: "Resetovanje lozinke za Tandem CRM",
      text: `Zdravo, ${v.name},\n\nNeko (nadamo se vi) je zatražio resetovanje lozinke za Tandem CRM. Otvorite ovaj link u roku od ${v.minutes} minuta da biste izabrali novu lozinku:\n\n${v.link}\n\nAko to niste bili vi, zanemarite ovu poruku; lozinka ostaje ista.`,
    }),
    kk: (v) => ({
      subject: "Tandem CRM құпиясөзін қалпына келтіру",
      text: `Сәлеметсіз бе, ${v.name}!\n\nБіреу (сіз деп үміттенеміз) Tandem CRM құпиясөзін қалпына келтіруді сұрады. Жаңа құпиясөз таңдау үшін осы сілтемені ${v.minutes} минут ішінде ашыңыз:\n\n${v.link}\n\nБұл сіз болмасаңыз, хатты елемеңіз — құпиясөз өзгермейді.`,
    }),
  },
  invitation: {
    en: (v) => ({
      subject: "You are invited to Tandem CRM",
      text: `Hello ${v.name},\n\nYou have been invited to join Tandem CRM. Open this link within ${v.days} days to set your password and sign in:\n\n${v.link}`,
    }),
    ru: (v) => ({
      subject: "Приглашение в Tandem CRM",
      text: `Здравствуйте, ${v.name}!\n\nВас пригласили в Tandem CRM. Откройте ссылку в течение ${v.days} дней, чтобы задать пароль и войти:\n\n${v.link}`,
    }),
    sr: (v) => ({
      subject: "Pozivnica za Tandem CRM",
      text: `Zdravo, ${v.name},\n\nPozvani ste da se pridružite Tandem CRM-u. Otvorite ovaj link u roku od ${v.days} dana da postavite lozinku i prijavite se:\n\n${v.link}`,
    }),
    kk: (v) => ({
      subject: "Tandem CRM-ге шақыру",
      text: `Сәлеметсіз бе, ${v.name}!\n\nСізді Tandem CRM-ге шақырды. Құпиясөз орнатып, кіру үшін осы сілтемені ${v.days} күн ішінде ашыңыз:\n\n${v.link}`,
    }),
  },
  two_factor_changed: {
    en: (v) => ({
      subject: `Two-factor authentication ${v.change}`,
      text: `Hello ${v.name},\n\nTwo-factor authentication was ${v.change} for your Tandem CRM account. If you did not do this, contact your administrator at once.`,
    }),
    ru: (v) => ({
      subject: `Двухфакторная аутентификация ${v.change === "enabled" ? "включена" : "отключена"}`,
      text: `Здравствуйте, ${v.name}!\n\nДвухфакторная аутентификация для вашей учётной записи Tandem CRM ${v.change === "enabled" ? "включена" : "отключена"}. Если это сделали не вы, немедленно свяжитесь с администратором.`,
    }),
    sr: (v) => ({
      subject: `Dvofaktorska autentifikacija je ${v.change === "enabled" ? "uključena" : "isključena"}`,
      text: `Zdravo, ${v.name},\n\nDvofaktorska autentifikacija za vaš Tandem CRM nalog je ${v.change === "enabled" ? "uključena" : "isključena"}. Ako to niste uradili vi, odmah se obratite administratoru.`,
    }),
    kk: (v) => ({
      subject: `Екі факторлы аутентификация ${v.change === "enabled" ? "қосылды" : "өшірілді"}`,
      text: `Сәлеметсіз бе, ${v.name}!\n\nTandem CRM есептік жазбаңыз үшін екі факторлы аутентификация ${v.change === "enabled" ? "қосылды" : "өшірілді"}. Мұны сіз жасамасаңыз, әкімшіге дереу хабарласыңыз.`,
    }),
  },
  webhook_disabled: {
    en: (v) => ({
      subject: "A Tandem CRM webhook was disabled",
      text: `Hello ${v.name},\n\nYour webhook to ${v.target} failed every delivery attempt for more than a day, so Tandem CRM disabled it. Fix the receiving side, then enable the webhook again and redeliver what it missed:\n\n${v.link}`,
    }),
    ru: (v) => ({
      subject: "Вебхук Tandem CRM отключён",
      text: `Здравствуйте, ${v.name}!\n\nВаш вебхук на ${v.target} больше суток не смог доставить ни одного сообщения, поэтому Tandem CRM отключил его. Исправьте принимающую сторону, затем снова включите вебхук и повторите пропущенные доставки:\n\n${v.link}`,
    }),
    sr: (v) => ({
      subject: "Vebhuk u Tandem CRM-u je isključen",
      text: `Zdravo, ${v.name},\n\nVaš vebhuk ka ${v.target} više od jednog dana nije uspeo nijednu isporuku, pa ga je Tandem CRM isključio. Popravite stranu koja prima poruke, zatim ponovo uključite vebhuk i ponovo pošaljite ono što je propustio:\n\n${v.link}`,
    }),
    kk: (v) => ({
      subject: "Tandem CRM вебхугы өшірілді",
      text: `Сәлеметсіз бе, ${v.name}!\n\n${v.target} мекенжайына арналған вебхугыңыз бір тәуліктен астам уақыт бойы бірде-бір хабарды жеткізе алмады, сондықтан Tandem CRM оны өшірді. Қабылдаушы жағын түзетіп, вебхукты қайта қосыңыз және өткізіп алған жеткізілімдерді қайта жіберіңіз:\n\n${v.link}`,
    }),
  },
};

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function isMailLanguage(v: string): v is MailLanguage {
  return v === "en" || v === "ru" || v === "sr" || v === "sr-Latn" || v === "kk";
}

/** The Serbian text transliterated; the name and link put into it are left as they were written. */
function serbianLatin(render: Render, vars: TemplateVars): { subject: string; text: string } {
  const marks = { name: "\u0000name\u0000", link: "\u0000link\u0000", target: "\u0000target\u0000" };
  const { subject, text } = render({ ...vars, ...marks });
  const fill = (s: string) =>
    toSerbianLatin(s)
      .replaceAll(marks.name, String(vars.name))
      .replaceAll(marks.link, String(vars.link))
      .replaceAll(marks.target, String(vars.target));
  return { subject: fill(subject), text: fill(text) };
}

export function renderTemplate(
  name: TemplateName,
  language: string,
  vars: TemplateVars,
): { subject: string; text: string; html: string } {
  const lang = isMailLanguage(language) ? language : "en";
  const { subject, text } =
    lang === "sr-Latn" ? serbianLatin(templates[name].sr, vars) : templates[name][lang](vars);
  const html = text
    .split("\n\n")
    .map((p) => {
      const escaped = escapeHtml(p).replace(/\n/g, "<br>");
      return /^https?:\/\/\S+$/.test(p) ? `<p><a href="${escaped}">${escaped}</a></p>` : `<p>${escaped}</p>`;
    })
    .join("\n");
  return { subject, text, html };
}
