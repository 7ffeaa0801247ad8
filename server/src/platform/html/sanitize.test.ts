import { describe, expect, it } from "vitest";
import { sanitizeEmailHtml } from "../templates/render.js";
import { FORMATTING_TAGS, sanitizeRichHtml, stripTags } from "./sanitize.js";

const ATTACKS =
  '<p onclick="x()">a</p><script>alert(1)</script><img src="x" onerror="alert(1)">' +
  '<a href="javascript:alert(1)">j</a><a href=" JaVaScRiPt:alert(1)">k</a><a href="data:text/html,x">d</a>' +
  '<iframe src="https://x.test"></iframe><form><input name="q"></form><style>p{}</style>';

/** Whatever a policy allows, none of these survive. */
function expectNoAttack(html: string) {
  expect(html).not.toMatch(
    /<script|alert\(1\)<|onerror|onclick|javascript:|data:text|<iframe|<form|<input|<style/i,
  );
}

describe("sanitizeRichHtml (the shared policy)", () => {
  const basic = { tags: FORMATTING_TAGS, attributes: { a: ["href", "target"] } };

  it("removes scripts, handlers, javascript:/data: links, frames and forms under any policy", () => {
    const policy = { tags: [...FORMATTING_TAGS, "img"], attributes: { a: ["href", "rel"], img: ["src"] } };
    const out = sanitizeRichHtml(ATTACKS, policy);
    expectNoAttack(out);
    expect(out).toBe(
      '<p>a</p><img src="x" /><a rel="noopener noreferrer">j</a><a rel="noopener noreferrer">k</a><a rel="noopener noreferrer">d</a>',
    );
  });

  it("links: rel noopener (when the policy keeps rel), schemes http(s)/mailto/tel, no protocol-relative URLs", () => {
    const withRel = { ...basic, attributes: { a: ["href", "rel"] } };
    expect(sanitizeRichHtml('<a href="https://x.test" rel="opener">x</a>', withRel)).toBe(
      '<a href="https://x.test" rel="noopener noreferrer">x</a>',
    );
    expect(sanitizeRichHtml('<a href="mailto:a@x.test">m</a><a href="tel:+1">t</a>', withRel)).toBe(
      '<a href="mailto:a@x.test" rel="noopener noreferrer">m</a><a href="tel:+1" rel="noopener noreferrer">t</a>',
    );
    expect(sanitizeRichHtml('<a href="//x.test">x</a><a href="ftp://x.test">f</a>', basic)).toBe(
      "<a>x</a><a>f</a>",
    );
    expect(sanitizeRichHtml('<a href="//x.test">x</a>', { ...basic, allowProtocolRelative: true })).toBe(
      '<a href="//x.test">x</a>',
    );
  });

  it("link targets: as written, _blank when set, or always _blank", () => {
    const html = '<a href="https://x.test" target="_top">x</a><a href="https://y.test">y</a>';
    expect(sanitizeRichHtml(html, basic)).toBe(
      '<a href="https://x.test" target="_top">x</a><a href="https://y.test">y</a>',
    );
    expect(sanitizeRichHtml(html, { ...basic, linkTarget: "blank-when-set" })).toBe(
      '<a href="https://x.test" target="_blank">x</a><a href="https://y.test">y</a>',
    );
    expect(sanitizeRichHtml(html, { ...basic, linkTarget: "always-blank" })).toBe(
      '<a href="https://x.test" target="_blank">x</a><a href="https://y.test" target="_blank">y</a>',
    );
  });

  it("images take the policy's schemes; styles only the listed properties and values", () => {
    const policy = {
      tags: ["img", "p"],
      attributes: { img: ["src"], p: ["style"] },
      imageSchemes: ["cid"],
      styles: { "*": { color: [/^red$/] } },
    };
    expect(sanitizeRichHtml('<img src="cid:a"><img src="https://x.test/i.png">', policy)).toBe(
      '<img src="cid:a" /><img />',
    );
    expect(
      sanitizeRichHtml('<p style="color:red;position:fixed">a</p><p style="color:blue">b</p>', policy),
    ).toBe('<p style="color:red">a</p><p>b</p>');
  });

  it("stripTags keeps text only: no script or style content, entities escaped", () => {
    expect(stripTags("<p>a &amp; <b>b</b></p><script>alert(1)</script><style>p{}</style>")).toBe("a &amp; b");
  });
});

describe("sanitizeEmailHtml (rendered templates)", () => {
  it("keeps document tags, tables, images by http(s)/cid and alignment; strips attacks", () => {
    expectNoAttack(sanitizeEmailHtml(ATTACKS));
    expect(
      sanitizeEmailHtml(
        '<table width="100%" border="1" style="x"><tr><td colspan="2" align="center" class="c">t</td></tr></table>' +
          '<center><font color="red">f</font></center><span title="t">s</span><h6>h</h6>' +
          '<img src="cid:logo" alt="l" width="10"><img src="data:image/png;base64,AA">' +
          '<a href="https://x.test" target="_top" rel="opener">x</a>',
      ),
    ).toBe(
      '<table width="100%" border="1"><tr><td colspan="2" align="center">t</td></tr></table>' +
        "<center><font>f</font></center><span>s</span><h6>h</h6>" +
        '<img src="cid:logo" alt="l" width="10" /><img />' +
        '<a href="https://x.test" target="_top" rel="noopener noreferrer">x</a>',
    );
  });

  it("keeps protocol-relative URLs, as it always has", () => {
    expect(sanitizeEmailHtml('<a href="//x.test">x</a>')).toBe(
      '<a href="//x.test" rel="noopener noreferrer">x</a>',
    );
  });
});
