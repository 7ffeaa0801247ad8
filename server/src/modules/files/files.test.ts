import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { entityFactory } from "../../test/entity-factories.js";
import { useTestContext } from "../../test/harness.js";
import "../deals/test-factory.js";
import "../contacts/test-factory.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "tandem-files-"));
const LIMIT = 64 * 1024;
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from("IHDR-png"),
]);
const PDF = Buffer.from("%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n");

/** Every blob and temp file under DATA_DIR/files. */
function storedFiles(): string[] {
  const root = path.join(dataDir, "files");
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).filter(() => true)) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(root, p));
    }
  };
  try {
    walk(root);
  } catch {
    /* nothing stored yet */
  }
  return out;
}

describe("files attached to records", () => {
  const t = useTestContext({ env: { DATA_DIR: dataDir, FILES_LIMIT_BYTES: String(LIMIT) } });
  const deal = async (ownerId: string) => entityFactory("deals")?.create(t.db, ownerId) as Promise<string>;
  const upload = (
    h: Record<string, string>,
    recordType: string,
    recordId: string,
    name: string,
    body: Buffer,
  ) =>
    t.app.inject({
      method: "POST",
      url: `/api/v1/files?recordType=${recordType}&recordId=${recordId}&name=${encodeURIComponent(name)}`,
      headers: { ...h, "content-type": "application/octet-stream" },
      payload: body,
    });
  const get = (h: Record<string, string>, url: string) => t.app.inject({ method: "GET", url, headers: h });
  const rows = (sha?: string) =>
    t.db
      .selectFrom("record_files")
      .selectAll()
      .$if(sha !== undefined, (q) => q.where("blob_sha256", "=", sha ?? ""))
      .execute();

  it("uploads, lists, downloads (attachment + nosniff), previews images inline, renames and soft-deletes with events", async () => {
    const me = await createUser(t.db);
    const h = await tokenHeaders(t.db, me.id);
    const dealId = await deal(me.id);
    const res = await upload(h, "deals", dealId, "logo.png", PNG);
    expect(res.statusCode, res.body).toBe(201);
    const file = res.json();
    expect(file).toMatchObject({ name: "logo.png", kind: "png", contentType: "image/png", size: PNG.length });
    expect(file.recordType).toBe("deals");

    const list = await get(h, `/api/v1/files?recordType=deals&recordId=${dealId}`);
    expect(list.json()).toMatchObject({ canEdit: true, items: [{ id: file.id }] });

    const dl = await get(h, `/api/v1/files/${file.id}/download`);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(PNG)).toBe(true);
    expect(dl.headers["content-disposition"]).toMatch(/^attachment; filename="logo.png"/);
    expect(dl.headers["x-content-type-options"]).toBe("nosniff");
    expect(dl.headers["content-type"]).toBe("image/png");
    const inline = await get(h, `/api/v1/files/${file.id}/download?inline=1`);
    expect(inline.headers["content-disposition"]).toMatch(/^inline;/);

    const renamed = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/files/${file.id}`,
      headers: h,
      payload: { name: "Логотип.png" },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().name).toBe("Логотип.png");
    const dl2 = await get(h, `/api/v1/files/${file.id}/download`);
    expect(dl2.headers["content-disposition"]).toContain("filename*=UTF-8''%D0%9B%D0%BE%D0%B3");

    const del = await t.app.inject({ method: "DELETE", url: `/api/v1/files/${file.id}`, headers: h });
    expect(del.statusCode).toBe(204);
    expect((await get(h, `/api/v1/files/${file.id}`)).statusCode).toBe(404);
    expect((await get(h, `/api/v1/files/${file.id}/download`)).statusCode).toBe(404);
    const row = (await rows()).find((r) => r.id === file.id);
    expect(row?.deleted_at).not.toBeNull();
    expect(row?.deleted_by).toBe(me.id);
    const events = await t.db
      .selectFrom("change_events")
      .select(["action", "changes"])
      .where("entity", "=", "files")
      .where("entity_id", "=", file.id)
      .orderBy("id")
      .execute();
    expect(events.map((e) => e.action)).toEqual(["create", "update", "delete"]);
    expect(events[2]?.changes).toMatchObject({ name: "Логотип.png", recordType: "deals", recordId: dealId });
  });

  it("keeps one blob for the same bytes on two records, each attachment authorized on its own", async () => {
    const a = await createUser(t.db);
    const b = await createUser(t.db);
    const ha = await tokenHeaders(t.db, a.id);
    const hb = await tokenHeaders(t.db, b.id);
    const dealA = await deal(a.id);
    const dealB = await deal(b.id);
    const fa = (await upload(ha, "deals", dealA, "contract.pdf", PDF)).json();
    const fb = (await upload(hb, "deals", dealB, "same.pdf", PDF)).json();
    expect(fa.sha256).toBe(fb.sha256);
    expect(fa.kind).toBe("pdf");
    expect(storedFiles().filter((f) => f.endsWith(fa.sha256))).toHaveLength(1);
    const blobs = await t.db.selectFrom("file_blobs").selectAll().where("sha256", "=", fa.sha256).execute();
    expect(blobs).toHaveLength(1);

    // b holds the same bytes, yet a's file stays out of reach: 404 for every route, as for a random id.
    for (const url of [`/api/v1/files/${fa.id}`, `/api/v1/files/${fa.id}/download`]) {
      expect((await get(hb, url)).statusCode).toBe(404);
    }
    expect((await get(hb, `/api/v1/files/${crypto.randomUUID()}/download`)).statusCode).toBe(404);
    expect((await get(hb, `/api/v1/files?recordType=deals&recordId=${dealA}`)).statusCode).toBe(404);
    const patch = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/files/${fa.id}`,
      headers: hb,
      payload: { name: "x.pdf" },
    });
    expect(patch.statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: "DELETE", url: `/api/v1/files/${fa.id}`, headers: hb })).statusCode,
    ).toBe(404);
    expect((await upload(hb, "deals", dealA, "x.pdf", PDF)).statusCode).toBe(404);
    // Entities without the files capability, unknown ones and users are not attachable.
    expect((await upload(ha, "users", a.id, "x.pdf", PDF)).statusCode).toBe(404);
    expect((await upload(ha, "nothing", dealA, "x.pdf", PDF)).statusCode).toBe(404);
    // PDF preview inline; the PDF viewer needs no sandbox CSP, everything else keeps it.
    const pdf = await get(ha, `/api/v1/files/${fa.id}/download?inline=1`);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.headers["content-disposition"]).toMatch(/^inline;/);
  });

  it("a read-only role sees files but may not upload, rename or delete them", async () => {
    const owner = await createUser(t.db);
    const viewer = await createUser(t.db, { roleKey: "read_only" });
    const ho = await tokenHeaders(t.db, owner.id);
    const hv = await tokenHeaders(t.db, viewer.id);
    const dealId = await deal(owner.id);
    const file = (await upload(ho, "deals", dealId, "a.png", PNG)).json();
    const list = await get(hv, `/api/v1/files?recordType=deals&recordId=${dealId}`);
    expect(list.json()).toMatchObject({ canEdit: false, items: [{ id: file.id }] });
    expect((await get(hv, `/api/v1/files/${file.id}/download`)).statusCode).toBe(200);
    const before = (await rows()).length;
    expect((await upload(hv, "deals", dealId, "b.png", PNG)).statusCode).toBe(403);
    const patch = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/files/${file.id}`,
      headers: hv,
      payload: { name: "b.png" },
    });
    expect(patch.statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: "DELETE", url: `/api/v1/files/${file.id}`, headers: hv })).statusCode,
    ).toBe(403);
    // A read-only token of the owner cannot write either.
    const ro = await tokenHeaders(t.db, owner.id, { readOnly: true });
    expect((await upload(ro, "deals", dealId, "c.png", PNG)).statusCode).toBe(403);
    expect((await rows()).length).toBe(before);
  });

  it("refuses bad input and keeps nothing of it: over the limit, executables, disguised content, NUL in names", async () => {
    const me = await createUser(t.db);
    const h = await tokenHeaders(t.db, me.id);
    const contactId = (await entityFactory("contacts")?.create(t.db, me.id)) as string;
    const beforeRows = (await rows()).length;
    const beforeBlobs = (await t.db.selectFrom("file_blobs").select("sha256").execute()).length;
    const beforeFiles = storedFiles().length;

    const big = await upload(h, "contacts", contactId, "big.pdf", Buffer.concat([PDF, Buffer.alloc(LIMIT)]));
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe("file_too_large");
    // Streamed (multipart: no length known up front) over the limit.
    const boundary = "----tandemboundary";
    const multipartBody = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.alloc(LIMIT + 10, 7),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const streamed = await t.app.inject({
      method: "POST",
      url: `/api/v1/files?recordType=contacts&recordId=${contactId}`,
      headers: { ...h, "content-type": `multipart/form-data; boundary=${boundary}` },
      payload: multipartBody,
    });
    expect(streamed.statusCode, streamed.body).toBe(413);

    const exe = await upload(h, "contacts", contactId, "invoice.pdf.exe", Buffer.from("MZ\x90\x00program"));
    expect(exe.statusCode).toBe(422);
    expect(exe.json().code).toBe("file_type_not_allowed");
    const htmlAsImage = await upload(
      h,
      "contacts",
      contactId,
      "photo.png",
      Buffer.from("<html><script>alert(1)</script>"),
    );
    expect(htmlAsImage.statusCode).toBe(422);
    expect(htmlAsImage.json().code).toBe("file_content_mismatch");
    const textAsPdf = await upload(h, "contacts", contactId, "scan.pdf", Buffer.from("just some text"));
    expect(textAsPdf.json().code).toBe("file_content_mismatch");
    const nul = await upload(h, "contacts", contactId, "a\u0000b.txt", Buffer.from("hello"));
    expect(nul.statusCode).toBe(422);
    const wrongId = await upload(h, "contacts", "not-a-uuid", "a.txt", Buffer.from("hello"));
    expect(wrongId.statusCode).toBe(422);

    expect((await rows()).length).toBe(beforeRows);
    expect((await t.db.selectFrom("file_blobs").select("sha256").execute()).length).toBe(beforeBlobs);
    expect(storedFiles().length).toBe(beforeFiles);
  });

  it("stores content by what it is: HTML under an .html name is kept but only ever downloaded", async () => {
    const me = await createUser(t.db);
    const h = await tokenHeaders(t.db, me.id);
    const dealId = await deal(me.id);
    const html = await upload(h, "deals", dealId, "page.html", Buffer.from("<!DOCTYPE html><h1>x</h1>"));
    expect(html.json()).toMatchObject({ kind: "html", contentType: "application/octet-stream" });
    const dl = await get(h, `/api/v1/files/${html.json().id}/download?inline=1`);
    expect(dl.headers["content-disposition"]).toMatch(/^attachment;/);
    expect(dl.headers["content-type"]).toBe("application/octet-stream");
    expect(dl.headers["content-security-policy"]).toContain("sandbox");
    // A PNG named .jpg is a PNG (images among themselves are not a mismatch).
    const png = await upload(h, "deals", dealId, "photo.jpg", PNG);
    expect(png.json()).toMatchObject({ kind: "png", contentType: "image/png" });
    // Any client content type streams as the file (text/plain too); multipart takes the part's file name.
    const plain = await t.app.inject({
      method: "POST",
      url: `/api/v1/files?recordType=deals&recordId=${dealId}&name=note.txt`,
      headers: { ...h, "content-type": "text/plain" },
      payload: "Привет, это заметка.",
    });
    expect(plain.json()).toMatchObject({ kind: "text", contentType: "text/plain; charset=utf-8" });
    const boundary = "----b";
    const multi = await t.app.inject({
      method: "POST",
      url: `/api/v1/files?recordType=deals&recordId=${dealId}`,
      headers: { ...h, "content-type": `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.pdf"\r\n\r\n`,
        ),
        PDF,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(multi.statusCode, multi.body).toBe(201);
    expect(multi.json()).toMatchObject({ name: "scan.pdf", kind: "pdf", size: PDF.length });
    // Path parts are dropped from names.
    const csv = await upload(
      h,
      "deals",
      dealId,
      "../../etc/prices.csv",
      Buffer.from("a;b;c\n1;2;3\n4;5;6\n"),
    );
    expect(csv.json()).toMatchObject({
      name: "prices.csv",
      kind: "csv",
      contentType: "text/csv; charset=utf-8",
    });
  });
});
