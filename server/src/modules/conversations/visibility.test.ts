import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { insertContact } from "../activities/test-records.js";
import { insertMailbox, insertReceivedThread } from "./test-support.js";

type H = Record<string, string>;

/**
 * Who sees which thread: the mailbox's owner, members of granted teams, the assignee, and readers of a linked
 * record — bodies hidden from the last when the owner marked the thread private. Enforced in SQL: lists,
 * detail, filters and pagination all agree.
 */
describe("conversations: visibility", () => {
  const t = useTestContext();
  let alice: H;
  let bob: H;
  let carol: H;
  let aliceId: string;
  let bobId: string;
  let personal: string;
  let shared: string;
  const threads: Record<string, string> = {};

  beforeAll(async () => {
    const teamA = await createTeam(t.db, "Mail team A");
    const teamB = await createTeam(t.db, "Mail team B");
    const a = await createUser(t.db, { roleKey: "sales_manager", teamId: teamA.id });
    const b = await createUser(t.db, { roleKey: "sales_manager", teamId: teamA.id });
    const c = await createUser(t.db, { roleKey: "sales_manager", teamId: teamB.id });
    aliceId = a.id;
    bobId = b.id;
    alice = await tokenHeaders(t.db, a.id);
    bob = await tokenHeaders(t.db, b.id);
    carol = await tokenHeaders(t.db, c.id);
    personal = await insertMailbox(t.db, t.deps.secrets, { ownerId: a.id, address: "alice@corp.test" });
    shared = await insertMailbox(t.db, t.deps.secrets, {
      address: "sales@corp.test",
      grantTeamIds: [teamA.id],
    });
    // A contact of Bob's: his team (Alice, Bob) may read it; Carol (team B, scope team) may not.
    const contact = await insertContact(t.db, b.id);
    threads.unlinked = (await insertReceivedThread(t.db, personal, { subject: "Unlinked" })).threadId;
    threads.linked = (
      await insertReceivedThread(t.db, personal, {
        subject: "Linked",
        links: [{ entity: "contacts", id: contact }],
      })
    ).threadId;
    threads.privateOne = (
      await insertReceivedThread(t.db, personal, {
        subject: "Secret plan",
        text: "confidential body",
        links: [{ entity: "contacts", id: contact }],
      })
    ).threadId;
    threads.shared = (await insertReceivedThread(t.db, shared, { subject: "Shared" })).threadId;
  });

  const list = (h: H, qs = "") =>
    t.app.inject({ method: "GET", url: `/api/v1/conversations${qs}`, headers: h });
  const get = (h: H, id: string) =>
    t.app.inject({ method: "GET", url: `/api/v1/conversations/${id}`, headers: h });
  const patch = (h: H, id: string, payload: object) =>
    t.app.inject({ method: "PATCH", url: `/api/v1/conversations/${id}`, headers: h, payload });
  const subjects = async (h: H, qs = "") => {
    const res = await list(h, qs);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { subject: string }[]).map((i) => i.subject).sort();
  };

  it("the owner marks a thread private: readers of its record then see subject and participants only", async () => {
    const res = await patch(alice, threads.privateOne as string, { private: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().private).toBe(true);
    const seen = await get(bob, threads.privateOne as string);
    expect(seen.statusCode).toBe(200);
    const body = seen.json();
    expect(body.restricted).toBe(true);
    expect(body.subject).toBe("Secret plan");
    expect(body.participants.length).toBeGreaterThan(0);
    expect(body.messages).toEqual([]);
    expect(body.snippet).toBeNull();
    expect(seen.body).not.toContain("confidential");
    const inList = (await list(bob)).json().items.find((i: { id: string }) => i.id === threads.privateOne);
    expect(inList.restricted).toBe(true);
    expect(JSON.stringify(inList)).not.toContain("confidential");
    // The owner still reads it in full.
    const own = (await get(alice, threads.privateOne as string)).json();
    expect(own.restricted).toBe(false);
    expect(own.messages[0].text).toContain("confidential");
  });

  it("lists exactly what each user may see: own mailbox, granted shared mailbox, readable linked records", async () => {
    expect(await subjects(alice)).toEqual(["Linked", "Secret plan", "Shared", "Unlinked"]);
    expect(await subjects(bob)).toEqual(["Linked", "Secret plan", "Shared"]);
    expect(await subjects(carol)).toEqual([]);
    expect((await get(carol, threads.linked as string)).statusCode).toBe(404);
    expect((await get(bob, threads.unlinked as string)).statusCode).toBe(404);
    const linked = (await get(bob, threads.linked as string)).json();
    expect(linked.restricted).toBe(false);
    expect(linked.messages).toHaveLength(1);
    expect(linked.messages[0].text).toMatch(/question number/);
    expect(linked.messages[0].quoted).toMatch(/earlier quoted text/);
  });

  it("only mailbox users change assignment and privacy; a private flag is the personal mailbox owner's", async () => {
    const byReader = await patch(bob, threads.linked as string, { private: true });
    expect(byReader.statusCode).toBe(403);
    expect(byReader.json().code).toBe("mailbox_access_required");
    expect((await patch(bob, threads.linked as string, { assignedTo: bobId })).statusCode).toBe(403);
    expect((await patch(carol, threads.linked as string, { read: true })).statusCode).toBe(404);
    const onShared = await patch(bob, threads.shared as string, { private: true });
    expect(onShared.statusCode, onShared.body).toBe(200);
    expect((await patch(bob, threads.shared as string, { private: false })).statusCode).toBe(200);
  });

  it("assigning a thread to a colleague lets them read and filter it (assigned=me)", async () => {
    expect((await get(bob, threads.unlinked as string)).statusCode).toBe(404);
    const res = await patch(alice, threads.unlinked as string, { assignedTo: bobId });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().assignedTo).toBe(bobId);
    expect((await get(bob, threads.unlinked as string)).json().restricted).toBe(false);
    expect(await subjects(bob, "?assigned=me")).toEqual(["Unlinked"]);
    expect(await subjects(alice, "?assigned=me")).toEqual([]);
    const bad = await patch(alice, threads.unlinked as string, {
      assignedTo: "00000000-0000-4000-8000-000000000000",
    });
    expect(bad.statusCode).toBe(422);
    expect(
      (await patch(alice, threads.unlinked as string, { assignedTo: null })).json().assignedTo,
    ).toBeNull();
    expect((await get(bob, threads.unlinked as string)).statusCode).toBe(404);
  });

  it("read state is per user; a new letter makes the thread unread again", async () => {
    expect(await subjects(alice, "?unread=true")).toContain("Unlinked");
    await patch(alice, threads.unlinked as string, { read: true });
    expect(await subjects(alice, "?unread=true")).not.toContain("Unlinked");
    expect(await subjects(bob, "?unread=true")).toContain("Shared");
    await t.db
      .updateTable("mail_threads")
      .set({ last_message_at: new Date(Date.now() + 1000) })
      .where("id", "=", threads.unlinked as string)
      .execute();
    expect(await subjects(alice, "?unread=true")).toContain("Unlinked");
    await patch(alice, threads.unlinked as string, { read: true });
    await patch(alice, threads.unlinked as string, { read: false });
    expect(await subjects(alice, "?unread=true")).toContain("Unlinked");
  });

  it("filters by mailbox, linked/unlinked and record; pages by cursor without repeats", async () => {
    expect(await subjects(alice, `?mailboxId=${shared}`)).toEqual(["Shared"]);
    expect(await subjects(alice, "?linked=false")).toEqual(["Shared", "Unlinked"]);
    expect(await subjects(alice, "?linked=true")).toEqual(["Linked", "Secret plan"]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(alice, `?limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.statusCode).toBe(200);
      seen.push(...res.json().items.map((i: { id: string }) => i.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
    const contactLinks = (await get(alice, threads.linked as string)).json().links;
    const record = `${contactLinks[0].entity}:${contactLinks[0].id}`;
    expect(await subjects(alice, `?record=${record}`)).toEqual(["Linked", "Secret plan"]);
    expect((await list(carol, `?record=${record}`)).statusCode).toBe(404);
  });

  it("refuses bad input with a clear 4xx and changes nothing", async () => {
    expect((await list(alice, "?cursor=garbage")).statusCode).toBe(400);
    expect((await list(alice, "?mailboxId=nope")).statusCode).toBe(422);
    expect((await list(alice, "?limit=0")).statusCode).toBe(422);
    expect((await list(alice, "?unknown=1")).statusCode).toBe(422);
    expect((await get(alice, "not-a-uuid")).statusCode).toBe(422);
    expect((await patch(alice, threads.linked as string, { private: "yes" })).statusCode).toBe(422);
    expect((await patch(alice, threads.linked as string, { subject: "x" })).statusCode).toBe(422);
    const after = (await get(alice, threads.linked as string)).json();
    expect(after.private).toBe(false);
    expect(after.subject).toBe("Linked");
    expect(aliceId).toBeTruthy();
  });
});
