import { describe, expect, it } from "vitest";
import { mentionedUserIds, sanitizeRichText } from "./sanitize.js";

const ID = "0a1b2c3d-1111-2222-3333-444455556666";

describe("sanitizeRichText (notes and logged emails)", () => {
  it("strips scripts, event handlers, javascript: links, images, tables, divs and styles", () => {
    const out = sanitizeRichText(
      ' <p onclick="x()" style="color:red">a</p><script>alert(1)</script><img src="https://x.test/i.png" onerror="alert(1)">' +
        '<a href="javascript:alert(1)">j</a><div>d</div><table><tr><td>t</td></tr></table><hr><h5>h</h5> ',
    );
    expect(out).toBe('<p>a</p><a rel="noopener noreferrer">j</a>dth');
  });

  it("keeps formatting, headings, code and links (target only as _blank)", () => {
    expect(
      sanitizeRichText(
        "<h1>a</h1><h4>b</h4><p><b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><s>s</s></p>" +
          "<ul><li>1</li></ul><ol><li>2</li></ol><blockquote>q</blockquote><pre><code>c</code></pre><br>",
      ),
    ).toBe(
      "<h1>a</h1><h4>b</h4><p><b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><s>s</s></p>" +
        "<ul><li>1</li></ul><ol><li>2</li></ol><blockquote>q</blockquote><pre><code>c</code></pre><br />",
    );
    expect(sanitizeRichText('<a href="https://x.test" title="t" target="_top" rel="opener">x</a>')).toBe(
      '<a href="https://x.test" title="t" target="_blank" rel="noopener noreferrer">x</a>',
    );
    expect(sanitizeRichText('<a href="//x.test">x</a>')).toBe('<a rel="noopener noreferrer">x</a>');
  });

  it("keeps a mention's user id only when it is a UUID, and no other span attribute", () => {
    const out = sanitizeRichText(
      `<span data-mention="${ID.toUpperCase()}" class="m" onclick="x">@A</span><span data-mention="nope">@B</span>`,
    );
    expect(out).toBe(`<span data-mention="${ID}">@A</span><span>@B</span>`);
    expect(mentionedUserIds(out)).toEqual([ID]);
  });
});
