import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { flushAudit } from "../audit/test-support.js";

interface Stay {
  fromStageId: string | null;
  toStageId: string;
  leftAt: string | null;
}

/** A merge's history: field diffs obey field rules, and each deal keeps its own stage history. */
describe("merge history", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let support: Record<string, string>;
  let stages: { id: string; name: string }[];
  let companyId: string;
  const stage = (name: string) => stages.find((s) => s.name === name)?.id as string;

  const post = (url: string, payload: object, headers = admin) =>
    t.app.inject({ method: "POST", url, headers, payload });
  const deal = async (payload: object) => {
    const res = await post("/api/v1/deals", { companyId, ...payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const history = async (id: string) => {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/v1/deals/${id}/stage-history`,
      headers: admin,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as Stay[];
  };
  const move = async (id: string, stageId: string) =>
    expect((await post(`/api/v1/deals/${id}/move`, { stageId })).statusCode).toBe(200);

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    support = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "support_agent" })).id);
    const list = await t.app.inject({ method: "GET", url: "/api/v1/pipelines", headers: admin });
    stages = list.json().items.find((p: { isDefault: boolean }) => p.isDefault).stages;
    const company = await post("/api/v1/companies", { name: "Merge history customer" });
    expect(company.statusCode, company.body).toBe(201);
    companyId = company.json().id;
  });

  it("a role that hides deal amounts sees no amount anywhere in a merged deal's history", async () => {
    const survivor = await deal({ title: "Hidden amount A", amount: "424242.42", currency: "RUB" });
    const merged = await deal({ title: "Hidden amount B", amount: "515151.51", currency: "RUB" });
    const res = await post("/api/v1/merge", {
      entity: "deals",
      survivorId: survivor,
      mergedIds: [merged],
      fieldChoices: { amount: merged, title: merged },
    });
    expect(res.statusCode, res.body).toBe(200);
    await flushAudit(t);

    const url = `/api/v1/audit-log/records/deals/${survivor}`;
    const asAdmin = await t.app.inject({ method: "GET", url, headers: admin });
    const mergeEntry = asAdmin.json().items.find((e: { action: string }) => e.action === "record.merged");
    // The field diff is top-level changes (what field rules filter), in API keys and API shapes.
    expect(mergeEntry.changes).toMatchObject({
      amount: { before: "424242.42", after: "515151.51" },
      title: { before: "Hidden amount A", after: "Hidden amount B" },
    });
    expect(mergeEntry.details).not.toHaveProperty("fields");

    for (const path of [url, `/api/v1/audit-log/records/deals/${merged}`]) {
      const res = await t.app.inject({ method: "GET", url: path, headers: support });
      expect(res.statusCode, res.body).toBe(200);
      for (const secret of ["424242", "515151"]) expect(res.body, path).not.toContain(secret);
    }
    const asSupport = await t.app.inject({ method: "GET", url, headers: support });
    const seen = asSupport.json().items.find((e: { action: string }) => e.action === "record.merged");
    expect(seen.changes).toEqual({ title: { before: "Hidden amount A", after: "Hidden amount B" } });
  });

  it("hides a legacy merge row's `details.fields` from a reader with hidden fields", async () => {
    const id = await deal({ title: "Legacy merge", amount: "777000.07", currency: "RUB" });
    await t.db
      .insertInto("audit_log")
      .values({
        action: "record.merged",
        entity: "deals",
        entity_id: id,
        changes: JSON.stringify({}),
        details: JSON.stringify({ mergeId: id, fields: { amount: { before: 1, after: 777000.07 } } }),
      } as never)
      .execute();
    const url = `/api/v1/audit-log/records/deals/${id}`;
    expect((await t.app.inject({ method: "GET", url, headers: admin })).body).toContain("777000.07");
    const res = await t.app.inject({ method: "GET", url, headers: support });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain("777000");
    expect(res.body).toContain(id);
  });

  it("each deal keeps its own stage history through a merge and its undo", async () => {
    const survivor = await deal({ title: "Stage survivor" });
    const merged = await deal({ title: "Stage merged" });
    await move(merged, stage("Needs analysis"));
    await move(merged, stage("Proposal"));
    const survivorBefore = await history(survivor);
    const mergedBefore = await history(merged);
    expect(mergedBefore).toHaveLength(3);

    const res = await post("/api/v1/merge", { entity: "deals", survivorId: survivor, mergedIds: [merged] });
    expect(res.statusCode, res.body).toBe(200);
    expect(await history(survivor)).toEqual(survivorBefore);
    const kept = await t.db
      .selectFrom("deal_stage_history")
      .select(["to_stage_id", "left_at"])
      .where("deal_id", "=", merged)
      .orderBy("id")
      .execute();
    expect(kept.map((k) => [k.to_stage_id, k.left_at === null])).toEqual([
      [stage("Qualification"), false],
      [stage("Needs analysis"), false],
      [stage("Proposal"), true],
    ]);

    const undo = await post(`/api/v1/merge/${res.json().id}/undo`, {});
    expect(undo.statusCode, undo.body).toBe(200);
    expect(await history(survivor)).toEqual(survivorBefore);
    expect(await history(merged)).toEqual(mergedBefore);
  });

  it("taking the merged deal's stage is a new stay of the survivor, and undo removes it", async () => {
    const survivor = await deal({ title: "Takes a stage" });
    const merged = await deal({ title: "Gives a stage" });
    await move(merged, stage("Negotiation"));
    const before = await history(survivor);
    const mergedBefore = await history(merged);

    const res = await post("/api/v1/merge", {
      entity: "deals",
      survivorId: survivor,
      mergedIds: [merged],
      fieldChoices: { stageId: merged },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().movedLinks).toBe(0);
    const after = await history(survivor);
    expect(after).toHaveLength(2);
    expect(after[0]).toMatchObject({ toStageId: stage("Qualification") });
    expect(after[0]?.leftAt).not.toBeNull();
    expect(after[1]).toMatchObject({
      fromStageId: stage("Qualification"),
      toStageId: stage("Negotiation"),
      leftAt: null,
    });
    const shown = await t.app.inject({ method: "GET", url: `/api/v1/deals/${survivor}`, headers: admin });
    expect(shown.json()).toMatchObject({ stageId: stage("Negotiation") });

    const undo = await post(`/api/v1/merge/${res.json().id}/undo`, {});
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json().movedLinks).toBe(0);
    expect(await history(survivor)).toEqual(before);
    expect(await history(merged)).toEqual(mergedBefore);
    const restored = await t.app.inject({ method: "GET", url: `/api/v1/deals/${survivor}`, headers: admin });
    expect(restored.json()).toMatchObject({ stageId: stage("Qualification") });
  });
});
