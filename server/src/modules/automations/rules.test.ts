import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { AUTOMATION_CONSUMER } from "./consumer.js";
import {
  createRule,
  dealHelpers,
  type Fixture,
  fastForward,
  fixture,
  runsOf,
  settle,
  taskStep,
} from "./test-support.js";

describe("automation rules: save checks, permission, versions", () => {
  const t = useTestContext();
  let f: Fixture;
  const { deal, tasksOf } = dealHelpers(t, () => f);

  beforeAll(async () => {
    f = await fixture(t);
    // Consumers start at the head: begin the feed after the fixture's writes.
    await t.relay.drain(AUTOMATION_CONSUMER);
  });

  it("refuses bad rules at save: hidden fields, unknown variables, cron, unavailable steps, private URLs", async () => {
    const role = await t.db
      .insertInto("roles")
      .values({
        name: `Automator ${Math.random()}`,
        permissions: JSON.stringify({ "*": { "*": "all" } }),
        field_rules: JSON.stringify({ deals: { amount: "hidden" } }),
        admin_permissions: ["automations.manage"],
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const u = await createUser(t.db, { roleKey: "sales_manager" });
    await t.db.updateTable("users").set({ role_id: role.id }).where("id", "=", u.id).execute();
    const h = await tokenHeaders(t.db, u.id);
    const save = (definition: object, entity = "deals") =>
      createRule(t, h, { entity, name: "Bad", definition: { steps: [taskStep()], ...definition } });
    const codes = async (definition: object, entity?: string) => {
      const r = await save(definition, entity);
      expect(r.statusCode, r.body).toBe(422);
      return (r.json().errors as { field: string; code: string }[]).map((e) => `${e.field}:${e.code}`);
    };
    expect(
      await codes({
        trigger: { kind: "recordCreated" },
        conditions: { filter: { field: "amount", op: "gt", value: 5 } },
      }),
    ).toEqual(["definition.conditions.filter.amount:field_not_allowed"]);
    expect(await codes({ trigger: { kind: "fieldChanged", field: "amount" } })).toContain(
      "definition.trigger.field:field_not_allowed",
    );
    expect(
      await codes({
        trigger: { kind: "recordCreated" },
        steps: [taskStep("{{record.amount}} {{record.nope}} {{hook.x}}")],
      }),
    ).toEqual([
      "definition.steps.0.title:unknown_variable",
      "definition.steps.0.title:unknown_variable",
      "definition.steps.0.title:unknown_variable",
    ]);
    expect(await codes({ trigger: { kind: "schedule", cron: "*/2 * * * *" } })).toEqual([
      "definition.trigger.cron:cron_too_frequent",
    ]);
    expect(await codes({ trigger: { kind: "schedule", cron: "61 * * * *" } })).toEqual([
      "definition.trigger.cron:invalid_cron",
    ]);
    expect(await codes({ trigger: { kind: "schedule", cron: "0 9 * * 1", timeZone: "Mars/Base" } })).toEqual([
      "definition.trigger.timeZone:invalid_time_zone",
    ]);
    expect(
      await codes({
        trigger: { kind: "recordCreated" },
        steps: [{ id: "m", type: "sendEmail", templateId: crypto.randomUUID(), to: { kind: "recordEmail" } }],
      }),
    ).toEqual(["definition.steps.0.templateId:unknown_template"]);
    expect(
      await codes({
        trigger: { kind: "recordCreated" },
        steps: [{ id: "w", type: "callWebhook", url: "http://127.0.0.1:9/x" }],
      }),
    ).toEqual(["definition.steps.0.url:unsafe_destination"]);
    expect(
      await codes({
        trigger: { kind: "recordCreated" },
        steps: [{ id: "w", type: "callWebhook", url: "ftp://example.com/" }],
      }),
    ).toHaveLength(1);
    expect(
      await codes({
        trigger: { kind: "recordCreated" },
        steps: [{ id: "u", type: "updateFields", values: { amount: "1" } }],
      }),
    ).toContain("definition.steps.0.values.amount:field_not_allowed");
    expect(await codes({ trigger: { kind: "stageEntered" } }, "contacts")).toContain(
      "definition.trigger.kind:trigger_not_available",
    );
    expect(await codes({ trigger: { kind: "recordCreated" }, steps: [taskStep(), taskStep()] })).toEqual([
      "definition.steps.1.id:duplicate_step_id",
    ]);
    // Wrong types and NUL bytes are 422 at the schema; nothing was saved.
    const bad = await createRule(t, h, {
      entity: "deals",
      name: "x\u0000",
      definition: { trigger: { kind: "nope" }, steps: [] },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      await t.db.selectFrom("automation_rules").select("id").where("owner_id", "=", u.id).execute(),
    ).toHaveLength(0);
    // Fine once the hidden field is gone, with a cron every 5 minutes.
    expect(
      (await save({ trigger: { kind: "schedule", cron: "*/5 * * * *", timeZone: "Europe/Moscow" } }))
        .statusCode,
    ).toBe(201);
  });

  it("needs the automations.manage permission", async () => {
    const m = await createUser(t.db, { roleKey: "sales_manager" });
    const h = await tokenHeaders(t.db, m.id);
    expect((await t.app.inject({ method: "GET", url: "/api/v1/automations", headers: h })).statusCode).toBe(
      403,
    );
    const r = await createRule(t, h, {
      entity: "deals",
      name: "x",
      definition: { trigger: { kind: "recordCreated" }, steps: [taskStep()] },
    });
    expect(r.statusCode).toBe(403);
  });

  it("keeps running runs on their version after an edit", async () => {
    const rule = (
      await createRule(t, f.admin, {
        entity: "deals",
        name: "Versioned",
        enabled: true,
        definition: {
          trigger: { kind: "recordCreated" },
          steps: [
            { id: "w", type: "wait", wait: { mode: "duration", duration: { amount: 1, unit: "hours" } } },
            taskStep("v1 {{record.title}}"),
          ],
        },
      })
    ).json().rule;
    const id = await deal("Ver");
    await settle(t);
    const patched = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/automations/${rule.id}`,
      headers: f.admin,
      payload: { definition: { ...rule.definition, steps: [taskStep("v2 {{record.title}}")] } },
    });
    expect(patched.json().version).toBe(2);
    const versions = await t.app.inject({
      method: "GET",
      url: `/api/v1/automations/${rule.id}/versions`,
      headers: f.admin,
    });
    expect(versions.json().items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const [run] = await runsOf(t, rule.id);
    await fastForward(t, run?.id as string);
    await settle(t);
    expect((await tasksOf(id)).map((x) => x.title)).toEqual(["v1 Ver"]);
    const id2 = await deal("Ver2");
    await settle(t);
    expect((await tasksOf(id2)).map((x) => x.title)).toEqual(["v2 Ver2"]);
    await t.app.inject({ method: "DELETE", url: `/api/v1/automations/${rule.id}`, headers: f.admin });
  });
});
