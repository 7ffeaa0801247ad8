import { describe, expect, it } from "vitest";
import { htmlToText, sanitizeOutgoingHtml } from "./compose.js";

describe("sanitizeOutgoingHtml (the composer's letters and signatures)", () => {
  it("strips scripts, event handlers, styles, javascript:/data: URLs and forms (relative URLs stay)", () => {
    expect(
      sanitizeOutgoingHtml(
        '<p onclick="x()" style="color:red">a</p><script>alert(1)</script><img src="x.png" onerror="alert(1)">' +
          '<a href="javascript:alert(1)">j</a><img src="data:image/png;base64,AA"><form><input></form><h5>h</h5>',
      ),
    ).toBe('<p>a</p><img src="x.png" /><a>j</a><img />h');
  });

  it("keeps divs, spans, rules, simple tables and images by http(s)/cid; links keep href and title only", () => {
    const html =
      '<div><span>s</span><hr><table><thead><tr><th>h</th></tr></thead><tbody><tr><td colspan="2" width="9">d</td></tr></tbody></table>' +
      '<img src="https://x.test/i.png" alt="a" width="10" height="5" title="t"><img src="cid:logo">' +
      '<a href="https://x.test" title="t" target="_blank" rel="opener">x</a></div>';
    expect(sanitizeOutgoingHtml(html)).toBe(
      '<div><span>s</span><hr /><table><thead><tr><th>h</th></tr></thead><tbody><tr><td colspan="2">d</td></tr></tbody></table>' +
        '<img src="https://x.test/i.png" alt="a" width="10" height="5" /><img src="cid:logo" />' +
        '<a href="https://x.test" title="t">x</a></div>',
    );
  });

  it("derives the plain text: breaks, list dashes, link URLs, no markup or script", () => {
    expect(
      htmlToText('<p>a &amp; b</p><ul><li>one</li></ul><a href="https://x.test">site</a><script>x</script>'),
    ).toBe("a & b\n- one\nsite <https://x.test>");
    expect(
      htmlToText(
        '<p><a href="https://x.test/?a=1&amp;b=2">go</a> <a href="https://y.test">https://y.test</a></p>',
      ),
    ).toBe("go <https://x.test/?a=1&b=2> https://y.test");
  });
});
