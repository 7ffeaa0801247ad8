import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { notificationEmailJob } from "../notifications/jobs.js";
import { drainQueue, runConsumer } from "../tasks/test-support.js";
import { mentionsConsumer } from "./mentions.js";
import { ensureCrmEntities, insertCompany } from "./test-records.js";

const mention = (id: string, name: string) => `<span data-mention="${id}">@${name}</span>`;

describe("mentions in notes", () => {
  const t = useTestContext({ env: { SMTP_URL: "json:" } });
  let author: { id: string; headers: { authorization: string } };
  let mate: { id: string; headers: { authorization: string } };
  let outsider: { id: string };
  let company: string;

  beforeAll(async () => {
    ensureCrmEntities();
    const team = await createTeam(t.db, "Mention team");
    const a = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id, name: "Anna" });
    const m = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id, name: "Marat" });
    const o = await createUser(t.db, { roleKey: "sales_manager", name: "Olga" });
    author = { id: a.id, headers: await tokenHeaders(t.db, a.id) };
    mate = { id: m.id, headers: await tokenHeaders(t.db, m.id) };
    outsider = { id: o.id };
    company = await insertCompany(t.db, a.id, { name: "Vostok LLC" });
  });

  const note = (body: string, links = [{ entity: "companies", id: company }]) =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/activities",
      headers: author.headers,
      payload: { kind: "note", body, links },
    });
  const mentionsOf = (userId: string) =>
    t.db
      .selectFrom("notifications")
      .selectAll()
      .where("kind", "=", "activity.mention")
      .where("user_id", "=", userId)
      .execute();
  const run = () => runConsumer(t, mentionsConsumer(t.deps) as never);

  it("keeps the mention markup, notifies the mentioned teammate once, never the author", async () => {
    const res = await note(
      `<p>Please call them, ${mention(mate.id, "Marat")} and ${mention(author.id, "Anna")}</p>`,
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().body).toBe(
      `<p>Please call them, <span data-mention="${mate.id}">@Marat</span> and <span data-mention="${author.id}">@Anna</span></p>`,
    );
    await run();
    const got = await mentionsOf(mate.id);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({
      entity: "companies",
      entity_id: company,
      dedupe_key: `activity.mention:${res.json().id}:${mate.id}`,
      params: { actor: "Anna", title: "Vostok LLC" },
    });
    expect(await mentionsOf(author.id)).toHaveLength(0);

    const list = await t.app.inject({ method: "GET", url: "/api/v1/notifications", headers: mate.headers });
    expect(list.json().items[0]).toMatchObject({
      kind: "activity.mention",
      title: "Anna mentioned you in a note on «Vostok LLC»",
    });
    // The email copy goes out like every other notification.
    expect(await drainQueue(t, notificationEmailJob(t.deps) as never)).toBeGreaterThan(0);
    const emailed = await t.db
      .selectFrom("notifications")
      .select("emailed_at")
      .where("id", "=", got[0]?.id ?? "0")
      .executeTakeFirstOrThrow();
    expect(emailed.emailed_at).not.toBeNull();

    // Editing the note (mention kept, text changed) or removing and re-adding it notifies nobody again.
    const url = `/api/v1/activities/${res.json().id}`;
    const edit = (body: string) =>
      t.app.inject({ method: "PATCH", url, headers: author.headers, payload: { body } });
    expect((await edit(`<p>Update: ${mention(mate.id, "Marat")}</p>`)).statusCode).toBe(200);
    expect((await edit("<p>No one</p>")).statusCode).toBe(200);
    expect((await edit(`<p>Again ${mention(mate.id, "Marat")}</p>`)).statusCode).toBe(200);
    await run();
    expect(await mentionsOf(mate.id)).toHaveLength(1);
  });

  it("notifies a user added to the mentions by an edit", async () => {
    const res = await note("<p>Nothing yet</p>");
    const admin = await createUser(t.db, { roleKey: "admin", name: "Ada" });
    await run();
    const edit = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/activities/${res.json().id}`,
      headers: author.headers,
      payload: { body: `<p>${mention(admin.id, "Ada")}</p>` },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    await run();
    expect(await mentionsOf(admin.id)).toHaveLength(1);
  });

  it("does not notify a user who cannot read the record", async () => {
    const res = await note(`<p>FYI ${mention(outsider.id, "Olga")}</p>`);
    expect(res.statusCode, res.body).toBe(201);
    await run();
    expect(await mentionsOf(outsider.id)).toHaveLength(0);
  });

  it("refuses a forged, unknown or inactive user id with 422 and writes nothing", async () => {
    const gone = await createUser(t.db, { roleKey: "sales_manager", name: "Gone" });
    await t.db.updateTable("users").set({ is_active: false }).where("id", "=", gone.id).execute();
    const before = await t.db.selectFrom("activities").select("id").execute();
    for (const id of [gone.id, "00000000-0000-4000-8000-000000000000"]) {
      const res = await note(`<p>${mention(id, "Ghost")}</p>`);
      expect(res.statusCode).toBe(422);
      expect(res.json().errors[0]).toMatchObject({ field: "body.body", code: "invalid_mention" });
    }
    expect(await t.db.selectFrom("activities").select("id").execute()).toHaveLength(before.length);
    // A note that already mentions someone who has left can still be edited; adding them again cannot.
    const leaver = await createUser(t.db, { roleKey: "sales_manager", name: "Leaver" });
    const old = await note(`<p>${mention(leaver.id, "Leaver")}</p>`);
    expect(old.statusCode).toBe(201);
    await t.db.updateTable("users").set({ is_active: false }).where("id", "=", leaver.id).execute();
    const edit = (body: string) =>
      t.app.inject({
        method: "PATCH",
        url: `/api/v1/activities/${old.json().id}`,
        headers: author.headers,
        payload: { body },
      });
    expect((await edit(`<p>${mention(leaver.id, "Leaver")} (left)</p>`)).statusCode).toBe(200);
    expect((await edit(`<p>${mention(gone.id, "Gone")}</p>`)).statusCode).toBe(422);
    // A value that is not a UUID is dropped by the sanitizer (no mention, no error).
    const junk = await note('<p><span data-mention="x\' onclick=1" style="color:red">@x</span></p>');
    expect(junk.statusCode).toBe(201);
    expect(junk.json().body).toBe("<p><span>@x</span></p>");
  });
});
