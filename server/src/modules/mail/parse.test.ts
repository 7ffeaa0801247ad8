import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { sanitizeMailHtml, splitReply, subjectKey } from "./content.js";
import { parseMessage } from "./parse.js";

const when = new Date("2026-12-01T10:00:00Z");

function message(headers: Record<string, string>, body: Buffer | string): Buffer {
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n");
  return Buffer.concat([
    Buffer.from(`${head}\r\n\r\n`, "latin1"),
    Buffer.isBuffer(body) ? body : Buffer.from(body, "latin1"),
  ]);
}

describe("parseMessage: charsets and formats seen in the field", () => {
  it("reads Windows-1251, KOI8-R and ISO-8859-5 bodies and RFC 2047 subjects", async () => {
    const text = "Добрый день! Счёт во вложении.";
    for (const charset of ["windows-1251", "koi8-r", "iso-8859-5"]) {
      const raw = message(
        {
          From: `=?koi8-r?B?${iconv.encode("Иван Петров", "koi8-r").toString("base64")}?= <ivan@acme.test>`,
          To: "alice@test.local",
          Subject: `=?${charset}?B?${iconv.encode("Счёт 15", charset).toString("base64")}?=`,
          "Message-ID": `<${charset}@acme.test>`,
          Date: "Tue, 01 Dec 2026 12:00:00 +0300",
          "MIME-Version": "1.0",
          "Content-Type": `text/plain; charset=${charset}`,
          "Content-Transfer-Encoding": "8bit",
        },
        iconv.encode(text, charset),
      );
      const p = await parseMessage(raw, when);
      expect(p.text.trim(), charset).toBe(text);
      expect(p.subject, charset).toBe("Счёт 15");
      expect(p.from).toEqual([{ name: "Иван Петров", address: "ivan@acme.test" }]);
      expect(p.messageId).toBe(`${charset}@acme.test`);
      expect(p.sentAt.toISOString()).toBe("2026-12-01T09:00:00.000Z");
      expect(p.warning).toBeNull();
    }
  });

  it("decodes quoted-printable and base64 bodies", async () => {
    const qp = message(
      {
        From: "a@b.test",
        Subject: "=?UTF-8?Q?=D0=9F=D1=80=D0=B8=D0=B2=D0=B5=D1=82?=",
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Transfer-Encoding": "quoted-printable",
      },
      "=D0=9F=D1=80=D0=B8=D0=B2=D0=B5=D1=82, =\r\n=D0=BC=D0=B8=D1=80",
    );
    const p1 = await parseMessage(qp, when);
    expect(p1.subject).toBe("Привет");
    expect(p1.text.trim()).toBe("Привет, мир");
    const b64 = message(
      {
        From: "a@b.test",
        Subject: "b64",
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Transfer-Encoding": "base64",
      },
      Buffer.from("Сәлеметсіз бе").toString("base64"),
    );
    expect((await parseMessage(b64, when)).text.trim()).toBe("Сәлеметсіз бе");
  });

  it("HTML-only mail: sanitized, remote images held back, text derived", async () => {
    const raw = message(
      { From: "a@b.test", Subject: "html", "Content-Type": "text/html; charset=utf-8" },
      '<p onclick="x()">Hello <b>there</b><script>alert(1)</script></p><img src="https://track.test/p.gif"><a href="javascript:alert(1)">x</a>',
    );
    const p = await parseMessage(raw, when);
    expect(p.html).not.toMatch(/script|onclick|javascript:| src="https/);
    expect(p.html).toContain('data-remote-src="https://track.test/p.gif"');
    expect(p.hasRemoteImages).toBe(true);
    expect(p.text).toContain("Hello there");
  });

  it("keeps TNEF winmail.dat as an attachment", async () => {
    const raw = message(
      {
        From: "a@b.test",
        Subject: "tnef",
        "MIME-Version": "1.0",
        "Content-Type": 'multipart/mixed; boundary="XX"',
      },
      [
        "--XX",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "See attached",
        "--XX",
        'Content-Type: application/ms-tnef; name="winmail.dat"',
        "Content-Transfer-Encoding: base64",
        'Content-Disposition: attachment; filename="winmail.dat"',
        "",
        Buffer.from([0x78, 0x9f, 0x3e, 0x22, 1, 2, 3]).toString("base64"),
        "--XX--",
        "",
      ].join("\r\n"),
    );
    const p = await parseMessage(raw, when);
    expect(p.attachments).toHaveLength(1);
    expect(p.attachments[0]).toMatchObject({
      filename: "winmail.dat",
      contentType: "application/ms-tnef",
      size: 7,
    });
  });

  it("keeps malformed MIME raw with a warning; a message without Message-ID gets a stable synthetic one", async () => {
    const raw = message(
      { From: "a@b.test", Subject: "broken", "MIME-Version": "1.0", "Content-Type": "multipart/mixed" },
      "no boundary at all\r\n",
    );
    const p = await parseMessage(raw, when);
    expect(p.warning).toMatch(/boundary/);
    expect(p.raw?.equals(raw)).toBe(true);
    expect(p.messageId).toMatch(/^[0-9a-f]{64}@tandem\.invalid$/);
    expect((await parseMessage(raw, when)).messageId).toBe(p.messageId);
  });
});

describe("reply text and subjects", () => {
  it("splits the new text from the quoted history", () => {
    const r = splitReply(
      "Thanks, works for us.\n\nOn Tue, Dec 1, 2026 at 10:00 AM Alice <alice@test.local> wrote:\n> Here is the offer\n> Regards",
    );
    expect(r).toEqual({ replyText: "Thanks, works for us.", hasQuoted: true });
    expect(splitReply("Just a note")).toEqual({ replyText: "Just a note", hasQuoted: false });
  });

  it("normalizes reply and forward prefixes in several languages", () => {
    expect(subjectKey("Re: RE: Fwd:  Offer  #15")).toBe("offer #15");
    expect(subjectKey("Отв: Ответ: Счёт")).toBe("счёт");
    expect(subjectKey("RE[2]: Hello")).toBe("hello");
  });

  it("sanitizes links to open safely", () => {
    expect(sanitizeMailHtml('<a href="https://x.test">x</a>').html).toBe(
      '<a href="https://x.test" rel="noopener noreferrer" target="_blank">x</a>',
    );
  });
});

describe("sanitizeMailHtml (mail shown to users)", () => {
  it("strips scripts, event handlers, javascript: links, unlisted styles and frames", () => {
    const out = sanitizeMailHtml(
      '<p onclick="x()" style="color:red;position:fixed;background:url(javascript:x)">a</p><script>alert(1)</script>' +
        '<img src="cid:a" onerror="alert(1)"><a href="javascript:alert(1)">j</a><iframe src="https://x.test"></iframe>',
    );
    expect(out.html).toBe(
      '<p style="color:red">a</p><img src="cid:a" /><a rel="noopener noreferrer" target="_blank">j</a>',
    );
    expect(out.hasRemoteImages).toBe(false);
  });

  it("keeps layout tags, fonts and inline images; remote images wait in data-remote-src", () => {
    const out = sanitizeMailHtml(
      '<center><font color="red" face="Arial">f</font></center><table border="1"><tfoot><tr><td rowspan="2" valign="top">t</td></tr></tfoot></table>' +
        '<sub>1</sub><img src="data:image/png;base64,AA" alt="a"><img src="https://x.test/i.png"><img src="//x.test/p.png">',
    );
    expect(out.html).toBe(
      '<center><font color="red" face="Arial">f</font></center><table border="1"><tfoot><tr><td rowspan="2" valign="top">t</td></tr></tfoot></table>' +
        '<sub>1</sub><img src="data:image/png;base64,AA" alt="a" /><img data-remote-src="https://x.test/i.png" /><img data-remote-src="//x.test/p.png" />',
    );
    expect(out.hasRemoteImages).toBe(true);
  });
});
