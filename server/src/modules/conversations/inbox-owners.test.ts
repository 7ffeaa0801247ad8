import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { actorForUser } from "../../platform/records/actor.js";
import { entityCatalog } from "../../platform/records/catalog.js";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { insertContact } from "../activities/test-records.js";
import { linkOwnerFunction, linkOwnerInstall } from "../mail/link-owners.js";
import { listThreads } from "./inbox-repository.js";
import { insertMailbox, insertReceivedThread } from "./test-support.js";
import { threadVisible } from "./visibility.js";

/**
 * The inbox finds the threads of the records a team may read through the owner copied onto each link
 * (`mail_thread_links.owner_id`, `record_live`, kept by triggers). When a record changes hands — reassigned,
 * deleted and restored, handed over when its owner is deactivated — its threads leave one team's inbox and enter
 * the other's at once, exactly as the visibility rule says.
 */
describe("conversations: a record changing hands moves its threads between inboxes", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let managerA: string;
  let managerB: string;
  let heirA: string;
  let sellerB: string;
  let contact: string;
  let thread: string;

  beforeAll(async () => {
    const teamA = await createTeam(t.db, "Owners team A");
    const teamB = await createTeam(t.db, "Owners team B");
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    managerA = (await createUser(t.db, { roleKey: "sales_manager", teamId: teamA.id })).id;
    heirA = (await createUser(t.db, { roleKey: "sales_manager", teamId: teamA.id })).id;
    managerB = (await createUser(t.db, { roleKey: "sales_manager", teamId: teamB.id })).id;
    sellerB = (await createUser(t.db, { roleKey: "sales_manager", teamId: teamB.id })).id;
    // Nobody of either team has access to the mailbox: the threads show only through the contact.
    const mailbox = await insertMailbox(t.db, t.deps.secrets, { address: "orders@owners.test" });
    contact = await insertContact(t.db, sellerB);
    const other = await insertContact(t.db, managerA);
    thread = (await insertReceivedThread(t.db, mailbox, { links: [{ entity: "contacts", id: contact }] }))
      .threadId;
    await insertReceivedThread(t.db, mailbox, { links: [{ entity: "contacts", id: other }] });
  });

  /** The first inbox page of a user, and what the rule admits over every thread. */
  async function inbox(userId: string) {
    const actor = await actorForUser(t.db, userId);
    if (!actor) throw new Error("no actor");
    const page = (await listThreads(t.db, actor, { limit: 50 }, null)).rows.map((r) => r.id);
    const rule = await sql<{ id: string }>`select t.id from mail_threads t where ${threadVisible(actor)}
      order by t.last_message_at desc, t.id desc`.execute(t.db);
    expect(page).toEqual(rule.rows.map((r) => r.id));
    return page;
  }
  const call = async (method: "POST" | "DELETE", url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, headers: admin, ...(payload ? { payload } : {}) });
    expect(res.statusCode, res.body).toBeLessThan(300);
  };

  it("reassign, delete, restore and hand-over move the contact's thread between the teams' inboxes", async () => {
    expect(await inbox(managerB)).toContain(thread);
    expect(await inbox(managerA)).not.toContain(thread);

    await call("POST", "/api/v1/reassign", {
      entity: "contacts",
      ids: [contact],
      toUserId: heirA,
      reason: "Moved to team A",
    });
    expect(await inbox(managerA)).toContain(thread);
    expect(await inbox(managerB)).not.toContain(thread);

    await call("DELETE", `/api/v1/contacts/${contact}`);
    expect(await inbox(managerA)).not.toContain(thread);
    await call("POST", `/api/v1/contacts/${contact}/restore`);
    expect(await inbox(managerA)).toContain(thread);

    await call("POST", `/api/v1/users/${heirA}/deactivate`, {
      plan: { contacts: { toUserId: sellerB } },
      reason: "Left the company",
    });
    expect(await inbox(managerB)).toContain(thread);
    expect(await inbox(managerA)).not.toContain(thread);

    // An unlinked link keeps no owner in the inbox; linked again, it reads the record's owner as it is now.
    await sql`update contacts set owner_id = ${managerA} where id = ${contact}`.execute(t.db);
    await sql`update mail_thread_links set unlinked_at = now() where thread_id = ${thread}`.execute(t.db);
    await sql`update contacts set owner_id = ${managerB} where id = ${contact}`.execute(t.db);
    expect(await inbox(managerB)).not.toContain(thread);
    await sql`update mail_thread_links set unlinked_at = null where thread_id = ${thread}`.execute(t.db);
    expect(await inbox(managerB)).toContain(thread);
    expect(await inbox(managerA)).not.toContain(thread);
  });

  it("every linkable owned entity has its owner triggers installed as declared", async () => {
    const declared = entityCatalog()
      .all()
      .map(linkOwnerInstall)
      .filter((x) => x !== null);
    expect(declared.map((d) => d.entity)).toEqual(expect.arrayContaining(["contacts", "companies", "deals"]));
    const installed = await sql<{ entity: string; install: unknown }>`
      select entity, install from mail_link_owner_sources`.execute(t.db);
    const byEntity = new Map(installed.rows.map((r) => [r.entity, r.install]));
    for (const d of declared) {
      expect(byEntity.get(d.entity), d.entity).toEqual(d);
      const fn = await sql<{ comment: string | null }>`
        select obj_description(${linkOwnerFunction(d.table)}::regproc, 'pg_proc') as comment`.execute(t.db);
      expect(JSON.parse(fn.rows[0]?.comment ?? "null"), d.entity).toEqual(d);
    }
  });
});
