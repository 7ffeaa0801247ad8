import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { runImport } from "../imports/job.js";
import { dryRun, upload } from "../imports/test-helpers.js";
import { runExport } from "./service.js";

/** `khard` (Debian package; CI installs it) when this machine has it. */
function khardPath(): string | null {
  try {
    return execFileSync("sh", ["-c", "command -v khard"], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

/** What khard (vobject underneath) reads from a card: its YAML view of the contact. */
function khardShow(khard: string, card: string, search: string): string {
  const dir = mkdtempSync(join(tmpdir(), "khard-"));
  const book = join(dir, "book");
  execFileSync("mkdir", ["-p", book]);
  writeFileSync(join(book, "contact.vcf"), card);
  const config = join(dir, "khard.conf");
  writeFileSync(
    config,
    [
      "[addressbooks]",
      "[[export]]",
      `path = ${book}`,
      "[general]",
      "default_action = list",
      "editor = /bin/false",
      "merge_editor = /bin/false",
      "[vcard]",
      "skip_unparsable = no",
      "",
    ].join("\n"),
  );
  return execFileSync(khard, ["-c", config, "show", "--format", "yaml", search], {
    encoding: "utf8",
    env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_CACHE_HOME: dir },
  });
}

const CONTACT = {
  firstName: "Ann",
  middleName: "Q.",
  lastName: "Lee-Roundtrip",
  position: "Head of Sales, EMEA",
  emails: [
    { kind: "work", value: "ann@roundtrip.example" },
    { kind: "personal", value: "ann.home@roundtrip.example" },
  ],
  phones: [
    { kind: "work", raw: "+1-424-237-0336x51924" },
    { kind: "mobile", raw: "+7 912 188-55-53" },
  ],
  address: {
    kind: "home",
    street: "12 Main St; Apt 4",
    city: "Brookeshire",
    region: "TX",
    postalCode: "77423",
    country: "US",
  },
  birthday: "1985-02-03",
  notes: "Met at the fair, 2023.\nPrefers calls; not email.",
};

/** Export → import gives back the same contact; our card reads right in ical.js and in khard. */
describe("vCard round trip", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let original: Record<string, unknown>;

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    const company = await t.app.inject({
      method: "POST",
      url: "/api/v1/companies",
      headers: admin,
      payload: { name: "Acme, Inc." },
    });
    expect(company.statusCode, company.body).toBe(201);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/contacts",
      headers: admin,
      payload: { ...CONTACT, companies: [{ companyId: company.json().id, isPrimary: true }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    original = res.json();
  });

  async function exportVcf(): Promise<string> {
    const filter = JSON.stringify({ field: "lastName", op: "eq", value: CONTACT.lastName });
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/exports",
      headers: admin,
      payload: { entity: "contacts", format: "vcf", filter },
    });
    expect(res.statusCode, res.body).toBe(202);
    await runExport(t.db, res.json().id);
    const dl = await t.app.inject({
      method: "GET",
      url: `/api/v1/exports/${res.json().id}/download`,
      headers: admin,
    });
    expect(dl.statusCode).toBe(200);
    return dl.rawPayload.toString("utf8");
  }

  it("writes a card ical.js and khard read back field by field, and imports it as the same contact", async () => {
    const card = await exportVcf();
    expect(card.match(/BEGIN:VCARD/g)).toHaveLength(1);

    const vcard = new ICAL.Component(ICAL.parse(card));
    const value = (name: string) => vcard.getFirstPropertyValue(name) as unknown;
    expect(value("fn")).toBe("Ann Q. Lee-Roundtrip");
    expect(value("n")).toEqual(["Lee-Roundtrip", "Ann", "Q.", "", ""]);
    expect(value("org")).toBe("Acme, Inc.");
    expect(value("title")).toBe(CONTACT.position);
    expect(value("note")).toBe(CONTACT.notes);
    expect(String(value("bday"))).toBe("1985-02-03");
    expect(vcard.getAllProperties("email").map((p) => p.getFirstValue())).toEqual([
      "ann@roundtrip.example",
      "ann.home@roundtrip.example",
    ]);
    expect(vcard.getAllProperties("tel").map((p) => [p.getParameter("type"), p.getFirstValue()])).toEqual([
      ["work", "tel:+14242370336;ext=51924"],
      ["cell", "tel:+79121885553"],
    ]);
    expect(value("adr")).toEqual(["", "", "12 Main St; Apt 4", "Brookeshire", "TX", "77423", "US"]);

    const khard = khardPath();
    if (khard) {
      const shown = khardShow(khard, card, "Lee-Roundtrip");
      expect(shown).toContain("First name: Ann");
      expect(shown).toContain("Last name: Lee-Roundtrip");
      expect(shown).toMatch(/Organisation:\s*\n\s*-\s+- Acme, Inc\./);
      expect(shown).toContain("Title: Head of Sales, EMEA");
      expect(shown).toContain("Birthday: '1985-02-03'");
      expect(shown).toMatch(/work: '?\+14242370336;ext=51924'?/);
      expect(shown).toMatch(/cell: '?\+79121885553'?/);
      expect(shown).toContain("Street: 12 Main St; Apt 4");
      expect(shown).toContain("City: Brookeshire");
      expect(shown).toContain("Region: TX");
      expect(shown).toContain("Code: '77423'");
      expect(shown).toContain("Country: US");
      expect(shown).toContain("ann.home@roundtrip.example");
      expect(shown).toContain('Note: "Met at the fair, 2023.\\nPrefers calls; not email."');
    }

    // The original goes, so the card comes back as a new contact rather than a duplicate of it.
    const del = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/contacts/${original.id}`,
      headers: admin,
    });
    expect(del.statusCode, del.body).toBeLessThan(300);
    const imp = (await upload(t.app, admin, "contacts", card, "contacts.vcf")).json();
    expect(imp.mapping).toEqual({
      "0": "name",
      "1": "lastName",
      "2": "firstName",
      "3": "middleName",
      "4": "email",
      "5": "email2",
      "6": "phone",
      "7": "phone2",
      "8": "company",
      "9": "position",
      "10": "birthday",
      "11": "address",
      "12": "notes",
      "13": "mobile",
      "14": "city",
      "15": "region",
      "16": "postalCode",
      "17": "country",
    });
    const dry = (await dryRun(t, admin, imp.id)).json();
    expect(dry.dryRun).toMatchObject({ total: 1, valid: 1, toCreate: 1 });
    const run = await t.app.inject({ method: "POST", url: `/api/v1/imports/${imp.id}/run`, headers: admin });
    expect(run.statusCode, run.body).toBe(202);
    await runImport(t.db, imp.id);

    const list = await t.app.inject({
      method: "GET",
      url: `/api/v1/contacts?filter=${encodeURIComponent(JSON.stringify({ field: "lastName", op: "eq", value: CONTACT.lastName }))}`,
      headers: admin,
    });
    const [back] = list.json().items;
    expect(back.id).not.toBe(original.id);
    const got = (
      await t.app.inject({ method: "GET", url: `/api/v1/contacts/${back.id}`, headers: admin })
    ).json();
    const same = (c: Record<string, unknown>) => ({
      name: c.name,
      firstName: c.firstName,
      middleName: c.middleName,
      lastName: c.lastName,
      position: c.position,
      birthday: c.birthday,
      notes: c.notes,
      emails: (c.emails as { value: string }[]).map((e) => e.value),
      phones: (c.phones as { kind: string; e164: string; extension?: string }[]).map((p) => ({
        kind: p.kind,
        e164: p.e164,
        extension: p.extension ?? null,
      })),
      address: c.address,
      companies: (c.companies as { name?: string; companyName?: string }[] | undefined)?.map(
        (m) => m.name ?? m.companyName,
      ),
    });
    expect(same(got)).toEqual(same(original));
    expect(same(got).companies).toEqual(["Acme, Inc."]);
  });
});
