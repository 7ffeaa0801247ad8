import pino from "pino";
import { describe, expect, it } from "vitest";
import { createMailer } from "./mailer.js";
import { renderTemplate } from "./templates.js";

describe("mail", () => {
  it("renders every template in en, ru, sr and kk with the link", () => {
    const link = "https://crm.example.com/reset-password?token=abc";
    const subjects = new Set<string>();
    for (const lang of ["en", "ru", "sr", "kk"]) {
      for (const name of [
        "password_reset",
        "invitation",
        "two_factor_changed",
        "webhook_disabled",
      ] as const) {
        const m = renderTemplate(name, lang, {
          name: "Ana <b>",
          link,
          minutes: 30,
          days: 7,
          change: "enabled",
        });
        subjects.add(m.subject);
        expect(m.text).toContain("Ana <b>");
        expect(m.html).toContain("Ana &lt;b&gt;");
        if (name !== "two_factor_changed") expect(m.html).toContain(`<a href="${link}">`);
      }
    }
    expect(subjects.size).toBe(16);
    expect(renderTemplate("invitation", "de", { name: "X", link, days: 7 }).subject).toBe(
      "You are invited to Tandem CRM",
    );
  });

  it("writes Serbian Latin (sr-Latn) mail from the Serbian text, keeping the name as written", () => {
    const vars = { name: "Љиљана", link: "https://crm.example.com/x", minutes: 30, days: 7 } as const;
    for (const name of ["password_reset", "invitation"] as const) {
      const latin = renderTemplate(name, "sr-Latn", vars);
      expect(latin.subject).toBe(renderTemplate(name, "sr", vars).subject);
      expect(latin.text).toContain("Zdravo, Љиљана");
      expect(latin.text).not.toContain("\u0000");
    }
  });

  it("sends through Nodemailer when SMTP_URL is set (json: transport renders the real MIME-ready message)", async () => {
    const mailer = createMailer({ SMTP_URL: "json:", MAIL_FROM: "CRM <crm@example.com>" });
    expect(mailer.configured).toBe(true);
    const lines: string[] = [];
    const log = pino({ level: "debug" }, { write: (l: string) => lines.push(l) });
    await mailer.send(
      { to: "a@example.com", subject: "Hi", text: "Body https://x/y", html: "<p>Body</p>" },
      log,
    );
    const rendered = lines.map((l) => JSON.parse(l)).find((l) => l.msg === "rendered mail (json transport)");
    const message = JSON.parse(rendered.mail);
    expect(message).toMatchObject({
      subject: "Hi",
      text: "Body https://x/y",
      from: { address: "crm@example.com" },
    });
    expect(message.to[0].address).toBe("a@example.com");
    expect(createMailer({ SMTP_URL: undefined, MAIL_FROM: "x@example.com" }).configured).toBe(false);
  });
});
