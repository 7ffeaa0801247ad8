import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../../test/auth.js";
import { useTestContext } from "../../../test/harness.js";
import { dryRun, upload } from "../test-helpers.js";
import { DELIMITER_PATTERN, detectDelimiter } from "./delimiter.js";

describe("delimiter detection", () => {
  it("detects : and ^ when no common delimiter splits every line", () => {
    expect(detectDelimiter("name:email:city\nAnn:ann@example.com:Riga\nBob:bob@example.com:Oslo\n")).toBe(
      ":",
    );
    expect(detectDelimiter("name^email\nAnn^ann@example.com\n")).toBe("^");
    expect(detectDelimiter('name^note\nAnn^"a^b"\nBob^x\n')).toBe("^");
  });

  it("keeps a common delimiter when values contain colons (times, URLs)", () => {
    expect(
      detectDelimiter("Name,Site,Start\nAnn,https://a.example,10:30\nBob,https://b.example,11:45\n"),
    ).toBe(",");
    expect(detectDelimiter("Name;Meeting (hh:mm)\nAnn;10:30\nBob;11:45\n")).toBe(";");
  });

  it("accepts one symbol that is not a letter, digit, quote or space", () => {
    for (const ok of [",", ";", "\t", "|", ":", "^", "~", "#", "§", "¦", "*"])
      expect(DELIMITER_PATTERN.test(ok)).toBe(true);
    for (const bad of ["a", "Z", "7", "Я", '"', "'", " ", "\u00a0", "\n", "\r", "\u0000", "ab", ""]) {
      expect(DELIMITER_PATTERN.test(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});

describe("delimiter over HTTP", () => {
  const t = useTestContext();
  let admin: Record<string, string>;

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
  });

  it("detects ^, previews and imports with a ~ override; refuses invalid overrides with per-field errors", async () => {
    const caret = await upload(t.app, admin, "contacts", "Name^Email\nCaret Ann^caret@example.com\n");
    expect(caret.statusCode, caret.body).toBe(201);
    expect(caret.json()).toMatchObject({ detectedDelimiter: "^", mapping: { "0": "name", "1": "email" } });

    const tilde = (
      await upload(t.app, admin, "contacts", "Name~Email\nTilde Bob~tilde@example.com\n")
    ).json();
    const pv = await t.app.inject({
      method: "GET",
      url: `/api/v1/imports/${tilde.id}/preview?delimiter=${encodeURIComponent("~")}`,
      headers: admin,
    });
    expect(pv.statusCode, pv.body).toBe(200);
    expect(pv.json()).toMatchObject({ delimiter: "~", headers: ["Name", "Email"] });
    const put = await t.app.inject({
      method: "PUT",
      url: `/api/v1/imports/${tilde.id}/mapping`,
      headers: admin,
      payload: { delimiter: "~", mapping: { "0": "name", "1": "email" } },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ delimiter: "~", headers: ["Name", "Email"] });
    expect((await dryRun(t, admin, tilde.id)).json().dryRun).toMatchObject({ total: 1, valid: 1 });

    for (const bad of ["a", '"', "'", " ", "ab", "7", ""]) {
      const res = await t.app.inject({
        method: "PUT",
        url: `/api/v1/imports/${tilde.id}/mapping`,
        headers: admin,
        payload: { delimiter: bad, mapping: { "0": "name" } },
      });
      expect(res.statusCode, JSON.stringify(bad)).toBe(422);
      expect(res.json().errors[0].field).toBe("body.delimiter");
      const q = await t.app.inject({
        method: "GET",
        url: `/api/v1/imports/${tilde.id}/preview?delimiter=${encodeURIComponent(bad)}`,
        headers: admin,
      });
      // An empty query value is no override at all.
      if (bad !== "") expect(q.statusCode, JSON.stringify(bad)).toBe(422);
    }
  });
});
