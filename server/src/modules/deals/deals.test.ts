import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { type EntityFactory, entityFactory } from "../../test/entity-factories.js";
import { useTestContext } from "../../test/harness.js";
import "../companies/test-factory.js";

interface Stage {
  id: string;
  name: string;
  kind: string;
  probability: number;
}

describe("pipelines and deals", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let manager: Record<string, string>;
  let support: Record<string, string>;
  let pipelineId: string;
  let stages: Stage[];
  let customer: string;
  const stage = (name: string) => stages.find((s) => s.name === name)!;

  beforeAll(async () => {
    const a = await createUser(t.db, { roleKey: "admin" });
    const m = await createUser(t.db, { roleKey: "sales_manager" });
    const s = await createUser(t.db, { roleKey: "support_agent" });
    admin = await tokenHeaders(t.db, a.id);
    manager = await tokenHeaders(t.db, m.id);
    support = await tokenHeaders(t.db, s.id);
    customer = await (entityFactory("companies") as EntityFactory).create(t.db, m.id);
    const list = await t.app.inject({ method: "GET", url: "/api/v1/pipelines", headers: manager });
    const p = list.json().items.find((x: { isDefault: boolean }) => x.isDefault);
    pipelineId = p.id;
    stages = p.stages;
  });

  /** A deal of `customer` unless the payload names its own company or contact. */
  const post = (payload: object, headers = manager) =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/deals",
      headers,
      payload:
        "companyId" in payload || "contactId" in payload ? payload : { companyId: customer, ...payload },
    });

  it("seeds the default pipeline with won and lost stages", () => {
    expect(stages.map((s) => s.name)).toEqual([
      "Qualification",
      "Needs analysis",
      "Proposal",
      "Negotiation",
      "Won",
      "Lost",
    ]);
  });

  it("creates a deal in the first stage with the stage's probability and opens its history", async () => {
    const res = await post({ title: "Поставка серверов", amount: "1500000.50", currency: "RUB" });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json();
    expect(d).toMatchObject({
      pipelineId,
      stageId: stage("Qualification").id,
      probability: 10,
      amount: "1500000.50",
    });
    const h = await t.db.selectFrom("deal_stage_history").selectAll().where("deal_id", "=", d.id).execute();
    expect(h).toEqual([
      expect.objectContaining({ from_stage_id: null, to_stage_id: d.stageId, left_at: null }),
    ]);
  });

  it("refuses bad amounts, foreign stages, unreadable links and lost deals without a reason", async () => {
    const other = await t.app.inject({
      method: "POST",
      url: "/api/v1/pipelines",
      headers: admin,
      payload: { name: "Partners" },
    });
    expect(other.statusCode).toBe(201);
    const foreignStage = other.json().stages[0].id;
    for (const amount of ["-1.00", "1.005", "12345678901234"]) {
      expect((await post({ title: "x", amount, currency: "RUB" })).statusCode).toBe(422);
    }
    const r = await post({
      title: "x",
      stageId: foreignStage,
      companyId: "00000000-0000-4000-8000-000000000001",
      amount: "10",
    });
    expect(r.statusCode).toBe(422);
    expect(
      r
        .json()
        .errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)
        .sort(),
    ).toEqual(["companyId:link_not_found", "currency:required", "stageId:stage_not_in_pipeline"]);
    const lost = await post({ title: "x", stageId: stage("Lost").id });
    expect(lost.json().errors[0].code).toBe("lost_reason_required");
    expect(await t.db.selectFrom("deals").select("id").where("title", "=", "x").execute()).toHaveLength(0);
  });

  it("moves a deal along the board, writing stage history and keeping manual probabilities", async () => {
    const d = (await post({ title: "Move me", amount: "100", currency: "EUR" })).json();
    const move = (payload: object) =>
      t.app.inject({ method: "POST", url: `/api/v1/deals/${d.id}/move`, headers: manager, payload });
    const r1 = await move({ stageId: stage("Proposal").id });
    expect(r1.json()).toMatchObject({ stageId: stage("Proposal").id, probability: 50, closedAt: null });
    const manual = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/deals/${d.id}`,
      headers: manager,
      payload: { probability: 33 },
    });
    expect(manual.json()).toMatchObject({ probability: 33, probabilityManual: true });
    expect((await move({ stageId: stage("Negotiation").id })).json().probability).toBe(33);
    const noReason = await move({ stageId: stage("Lost").id });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors[0].code).toBe("lost_reason_required");
    const lost = await move({ stageId: stage("Lost").id, lostReason: "Price" });
    expect(lost.json()).toMatchObject({ lostReason: "Price" });
    expect(lost.json().closedAt).not.toBeNull();
    const history = await t.db
      .selectFrom("deal_stage_history")
      .select(["from_stage_id", "to_stage_id", "left_at"])
      .where("deal_id", "=", d.id)
      .orderBy("id")
      .execute();
    expect(history.map((h) => h.to_stage_id)).toEqual(
      ["Qualification", "Proposal", "Negotiation", "Lost"].map((n) => stage(n).id),
    );
    expect(history.filter((h) => h.left_at === null)).toHaveLength(1);
    const api = await t.app.inject({
      method: "GET",
      url: `/api/v1/deals/${d.id}/stage-history`,
      headers: manager,
    });
    expect(api.json().items.map((h: { toStageId: string }) => h.toStageId)).toEqual(
      history.map((h) => h.to_stage_id),
    );
    const hiddenFromSupport = await t.app.inject({
      method: "GET",
      url: `/api/v1/deals/${d.id}/stage-history`,
      headers: support,
    });
    expect(hiddenFromSupport.statusCode).toBe(200);
    const events = await t.db
      .selectFrom("change_events")
      .select(["action", "changes"])
      .where("entity_id", "=", d.id)
      .orderBy("id")
      .execute();
    expect(events.at(-1)?.changes).toMatchObject({
      stageId: { after: stage("Lost").id },
      lostReason: { before: null, after: "Price" },
    });
  });

  it("builds the board with counts and per-currency sums, hiding amounts from roles that may not see them", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/v1/pipelines/${pipelineId}/board?perStage=1`,
      headers: manager,
    });
    expect(res.statusCode, res.body).toBe(200);
    const q = res.json().stages.find((s: { stageId: string }) => s.stageId === stage("Qualification").id);
    expect(q).toMatchObject({ count: 1, sums: [{ currency: "RUB", amount: "1500000.50" }] });
    expect(q.items[0].title).toBe("Поставка серверов");
    await post({ title: "Second", amount: "1", currency: "RUB" });
    const again = await t.app.inject({
      method: "GET",
      url: `/api/v1/pipelines/${pipelineId}/board?perStage=1&sort=title`,
      headers: manager,
    });
    const q2 = again.json().stages.find((s: { stageId: string }) => s.stageId === stage("Qualification").id);
    expect(q2).toMatchObject({ count: 2, sums: [{ currency: "RUB", amount: "1500001.50" }] });
    const f = encodeURIComponent(
      JSON.stringify({ field: "stageId", op: "eq", value: stage("Qualification").id }),
    );
    const next = await t.app.inject({
      method: "GET",
      url: `/api/v1/deals?sort=title&filter=${f}&cursor=${q2.nextCursor}`,
      headers: manager,
    });
    expect(next.json().items.map((d: { title: string }) => d.title)).toEqual(["Поставка серверов"]);
    const hidden = await t.app.inject({
      method: "GET",
      url: `/api/v1/pipelines/${pipelineId}/board`,
      headers: support,
    });
    const hq = hidden.json().stages.find((s: { stageId: string }) => s.stageId === stage("Qualification").id);
    expect(hq.count).toBe(2);
    expect(hq).not.toHaveProperty("sums");
    expect(hq.items[0]).not.toHaveProperty("amount");
    const amountFilter = encodeURIComponent(JSON.stringify({ field: "amount", op: "gt", value: 1000 }));
    const probe = await t.app.inject({
      method: "GET",
      url: `/api/v1/deals?filter=${amountFilter}`,
      headers: support,
    });
    expect(probe.statusCode).toBe(422);
    expect(probe.json().errors[0].code).toBe("field_not_allowed");
  });

  it("refuses deleting a stage with deals until they are moved, and keeps won/lost stages", async () => {
    const del = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/pipelines/${pipelineId}/stages/${stage("Qualification").id}`,
      headers: admin,
    });
    expect(del.statusCode).toBe(409);
    expect(del.json().code).toBe("stage_not_empty");
    const mv = await t.app.inject({
      method: "POST",
      url: `/api/v1/pipelines/${pipelineId}/stages/${stage("Qualification").id}/move-deals`,
      headers: admin,
      payload: { toStageId: stage("Needs analysis").id },
    });
    expect(mv.json()).toEqual({ moved: 2 });
    const del2 = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/pipelines/${pipelineId}/stages/${stage("Qualification").id}`,
      headers: admin,
    });
    expect(del2.statusCode).toBe(200);
    expect(del2.json().stages[0]).toMatchObject({ name: "Needs analysis", position: 0 });
    const lostToOpen = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/pipelines/${pipelineId}/stages/${stage("Won").id}`,
      headers: admin,
      payload: { kind: "open" },
    });
    expect(lostToOpen.statusCode).toBe(409);
    const forbidden = await t.app.inject({
      method: "POST",
      url: "/api/v1/pipelines",
      headers: manager,
      payload: { name: "Mine" },
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it("reorders stages and renames without touching deals", async () => {
    const p = (
      await t.app.inject({ method: "GET", url: `/api/v1/pipelines/${pipelineId}`, headers: admin })
    ).json();
    const ids: string[] = p.stages.map((s: Stage) => s.id);
    const reversed = [...ids].reverse();
    const r = await t.app.inject({
      method: "PUT",
      url: `/api/v1/pipelines/${pipelineId}/stages/order`,
      headers: admin,
      payload: { stageIds: reversed },
    });
    expect(r.json().stages.map((s: Stage) => s.id)).toEqual(reversed);
    const bad = await t.app.inject({
      method: "PUT",
      url: `/api/v1/pipelines/${pipelineId}/stages/order`,
      headers: admin,
      payload: { stageIds: ids.slice(1) },
    });
    expect(bad.statusCode).toBe(422);
    const rn = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/pipelines/${pipelineId}/stages/${stage("Needs analysis").id}`,
      headers: admin,
      payload: { name: "Discovery" },
    });
    expect(rn.statusCode).toBe(200);
    const deals = await t.app.inject({ method: "GET", url: "/api/v1/deals", headers: manager });
    expect(deals.json().total.count).toBe(3);
  });

  it("needs a company or a contact, on create and when an update would remove both", async () => {
    // Its own pipeline, whatever the tests above did to the default one.
    const retail = await t.app.inject({
      method: "POST",
      url: "/api/v1/pipelines",
      headers: admin,
      payload: { name: "Retail" },
    });
    expect(retail.statusCode, retail.body).toBe(201);
    const pipelineId = retail.json().id;
    const bare = await post({
      title: "Nobody's deal",
      companyId: null,
      contactId: null,
      pipelineId,
    });
    expect(bare.statusCode).toBe(422);
    expect(
      bare
        .json()
        .errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)
        .sort(),
    ).toEqual(["companyId:company_or_contact_required", "contactId:company_or_contact_required"]);
    const omitted = await t.app.inject({
      method: "POST",
      url: "/api/v1/deals",
      headers: manager,
      payload: { title: "Nobody's deal" },
    });
    expect(omitted.statusCode).toBe(422);
    expect(
      await t.db.selectFrom("deals").select("id").where("title", "=", "Nobody's deal").execute(),
    ).toEqual([]);

    const person = await t.app.inject({
      method: "POST",
      url: "/api/v1/contacts",
      headers: manager,
      payload: { firstName: "Bianca", lastName: "Retail" },
    });
    expect(person.statusCode, person.body).toBe(201);
    const b2c = await post({ title: "B2C deal", contactId: person.json().id, pipelineId });
    expect(b2c.statusCode, b2c.body).toBe(201);
    const both = await post({ title: "Both", companyId: customer, contactId: person.json().id, pipelineId });
    expect(both.statusCode, both.body).toBe(201);
    const patch = (id: string, payload: object) =>
      t.app.inject({ method: "PATCH", url: `/api/v1/deals/${id}`, headers: manager, payload });
    // Dropping one of two is fine; dropping the last one is not, nor swapping it for nothing.
    expect((await patch(both.json().id, { contactId: null })).statusCode).toBe(200);
    const last = await patch(both.json().id, { companyId: null });
    expect(last.statusCode).toBe(422);
    expect(
      last
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(["companyId", "contactId"]);
    expect((await patch(b2c.json().id, { contactId: null, companyId: null })).statusCode).toBe(422);
    const swap = await patch(b2c.json().id, { contactId: null, companyId: customer });
    expect(swap.statusCode, swap.body).toBe(200);
    expect(swap.json()).toMatchObject({ companyId: customer, contactId: null });
    // Unrelated edits of a deal that has a party still pass.
    expect((await patch(b2c.json().id, { title: "B2B now" })).statusCode).toBe(200);
  });
});
