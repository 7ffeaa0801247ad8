import { describe, expect, it } from "vitest";
import { createUser, signIn, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from("0000000DIHDR-fake-png-body"),
]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("JFIF-fake-jpeg")]);
const WEBP = Buffer.concat([
  Buffer.from("RIFF"),
  Buffer.from([0x20, 0, 0, 0]),
  Buffer.from("WEBPVP8 fake-webp"),
]);

describe("user photos (avatars)", () => {
  const t = useTestContext();
  const put = (url: string, headers: Record<string, string>, payload: Buffer | string, type = "image/png") =>
    t.app.inject({ method: "PUT", url, headers: { ...headers, "content-type": type }, payload });
  const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: "GET", url, headers });
  const avatarOf = async (id: string) =>
    t.db
      .selectFrom("users")
      .select(["avatar_url", "avatar_file_id"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();

  it("uploads my photo, serves it to colleagues as an image with nosniff, replaces and removes it", async () => {
    const me = await createUser(t.db);
    const colleague = await createUser(t.db);
    const s = await signIn(t.app, me.email);
    const res = await put("/api/v1/me/avatar", s.headers, PNG);
    expect(res.statusCode, res.body).toBe(200);
    const url = res.json().avatarUrl as string;
    expect(url).toMatch(new RegExp(`^/api/v1/users/${me.id}/avatar\\?v=[0-9a-f]{8}$`));
    const meRes = await get("/api/v1/me", s.headers);
    expect(meRes.json().avatarUrl).toBe(url);
    const listed = await get(`/api/v1/users/${me.id}`, await tokenHeaders(t.db, colleague.id));
    expect(listed.json().avatarUrl).toBe(url);

    const shown = await get(url, await tokenHeaders(t.db, colleague.id));
    expect(shown.statusCode).toBe(200);
    expect(shown.headers["content-type"]).toBe("image/png");
    expect(shown.headers["x-content-type-options"]).toBe("nosniff");
    expect(shown.rawPayload.equals(PNG)).toBe(true);

    // The client's content type is not trusted: JPEG bytes labelled PNG are a JPEG.
    const first = await avatarOf(me.id);
    const replaced = await put("/api/v1/me/avatar", s.headers, JPEG, "image/png");
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().avatarUrl).not.toBe(url);
    const jpeg = await get(replaced.json().avatarUrl, s.headers);
    expect(jpeg.headers["content-type"]).toBe("image/jpeg");
    // The old photo is gone from storage.
    const old = await t.db
      .selectFrom("files")
      .select("id")
      .where("id", "=", first.avatar_file_id ?? "")
      .execute();
    expect(old).toHaveLength(0);

    const webp = await put("/api/v1/me/avatar", s.headers, WEBP, "application/octet-stream");
    expect(webp.statusCode).toBe(200);
    expect((await get(webp.json().avatarUrl, s.headers)).headers["content-type"]).toBe("image/webp");

    const removed = await t.app.inject({ method: "DELETE", url: "/api/v1/me/avatar", headers: s.headers });
    expect(removed.statusCode).toBe(204);
    expect(await avatarOf(me.id)).toEqual({ avatar_url: null, avatar_file_id: null });
    expect((await get(`/api/v1/users/${me.id}/avatar`, s.headers)).statusCode).toBe(404);
    const events = await t.db
      .selectFrom("change_events")
      .select("changes")
      .where("entity", "=", "users")
      .where("entity_id", "=", me.id)
      .execute();
    expect(events).toHaveLength(4);
  });

  it("refuses anything that is not a PNG, JPEG or WebP image (422) and files over 1 MiB (413)", async () => {
    const me = await createUser(t.db);
    const s = await signIn(t.app, me.email);
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    for (const [body, type] of [
      [svg, "image/svg+xml"],
      ["GIF89a\x01\x00\x01\x00", "image/gif"],
      ["<html><body>hi</body></html>", "image/png"],
      [Buffer.from([0x89, 0x50, 0x4e]), "image/png"],
      ["", "image/png"],
    ] as const) {
      const res = await put("/api/v1/me/avatar", s.headers, body, type);
      expect(res.statusCode, `${type}: ${res.body}`).toBe(422);
      expect(res.json().code).toBe("unsupported_file");
    }
    const json = await t.app.inject({
      method: "PUT",
      url: "/api/v1/me/avatar",
      headers: s.headers,
      payload: { image: "x" },
    });
    expect(json.statusCode).toBe(422);

    const big = Buffer.concat([PNG, Buffer.alloc(1024 * 1024)]);
    const tooLarge = await put("/api/v1/me/avatar", s.headers, big);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().code).toBe("file_too_large");
    const exactly = await put("/api/v1/me/avatar", s.headers, big.subarray(0, 1024 * 1024));
    expect(exactly.statusCode).toBe(200);
    const files = await t.db.selectFrom("files").select("id").where("purpose", "=", "avatar").execute();
    expect(files).toHaveLength(1);
  });

  it("lets only users.manage replace or remove someone else's photo; read-only tokens and strangers cannot", async () => {
    const me = await createUser(t.db);
    const other = await createUser(t.db);
    const admin = await createUser(t.db, { roleKey: "admin" });
    const mine = await signIn(t.app, me.email);
    const url = (await put("/api/v1/me/avatar", mine.headers, PNG)).json().avatarUrl;

    const stranger = await signIn(t.app, other.email);
    expect((await put(`/api/v1/users/${me.id}/avatar`, stranger.headers, JPEG)).statusCode).toBe(403);
    const strangerDelete = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/users/${me.id}/avatar`,
      headers: stranger.headers,
    });
    expect(strangerDelete.statusCode).toBe(403);
    const readOnly = await tokenHeaders(t.db, me.id, { readOnly: true });
    expect((await put("/api/v1/me/avatar", readOnly, JPEG)).statusCode).toBe(403);
    expect((await avatarOf(me.id)).avatar_url).toBe(url);
    expect((await get(url, { cookie: "" })).statusCode).toBe(401);

    const a = await signIn(t.app, admin.email);
    const missing = await put("/api/v1/users/00000000-0000-4000-8000-000000000000/avatar", a.headers, PNG);
    expect(missing.statusCode).toBe(404);
    const byAdmin = await put(`/api/v1/users/${me.id}/avatar`, a.headers, JPEG);
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    expect((await avatarOf(me.id)).avatar_url).toBe(byAdmin.json().avatarUrl);
    const adminDelete = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/users/${me.id}/avatar`,
      headers: a.headers,
    });
    expect(adminDelete.statusCode).toBe(204);
    expect((await avatarOf(me.id)).avatar_url).toBeNull();
  });
});
