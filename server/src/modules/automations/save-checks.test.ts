import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { AUTOMATION_CONSUMER } from "./consumer.js";
import { createRule, fixture, taskStep } from "./test-support.js";

/**
 * Variables are checked when a rule is saved, not only when it runs: unknown ones, ones of the wrong type for a
 * condition's operator or a field, and fields the owner cannot read are a 422 naming the step or condition, and
 * nothing is saved.
 */
describe("save-time checks of a rule's variables", () => {
  const t = useTestContext();
  let h: Record<string, string>;
  let ownerId: string;

  beforeAll(async () => {
    await fixture(t);
    await t.relay.drain(AUTOMATION_CONSUMER);
    const role = await t.db
      .insertInto("roles")
      .values({
        name: `Mail automator ${Math.random()}`,
        permissions: JSON.stringify({ "*": { "*": "all" } }),
        field_rules: JSON.stringify({ contacts: { position: "hidden" } }),
        admin_permissions: ["automations.manage"],
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const u = await createUser(t.db, { roleKey: "sales_manager" });
    await t.db.updateTable("users").set({ role_id: role.id }).where("id", "=", u.id).execute();
    ownerId = u.id;
    h = await tokenHeaders(t.db, u.id);
  });

  const codes = async (definition: object, entity = "contacts") => {
    const r = await createRule(t, h, {
      entity,
      name: "Checked",
      definition: { steps: [taskStep("Follow up")], ...definition },
    });
    expect(r.statusCode, r.body).toBe(422);
    expect(r.headers["content-type"]).toContain("application/problem+json");
    return (r.json().errors as { field: string; code: string }[]).map((e) => `${e.field}:${e.code}`);
  };
  const mail = { kind: "messageReceived" };

  it("refuses unknown variables in texts: another trigger's, a missing message field, an unknown run fact", async () => {
    expect(
      await codes({
        trigger: { kind: "recordCreated" },
        steps: [
          taskStep("{{message.subject}}"),
          { ...taskStep("{{trigger.nope}} {{previous.foo}}"), id: "b" },
        ],
      }),
    ).toEqual([
      "definition.steps.0.title:unknown_variable",
      "definition.steps.1.title:unknown_variable",
      "definition.steps.1.title:unknown_variable",
    ]);
    expect(
      await codes({ trigger: mail, steps: [taskStep("{{message.colour}} {{record.position}}")] }),
    ).toEqual(["definition.steps.0.title:unknown_variable", "definition.steps.0.title:unknown_variable"]);
  });

  it("refuses variable conditions on unknown variables, with operators their type does not take, or bad values", async () => {
    expect(
      await codes({
        trigger: mail,
        conditions: {
          variables: [
            { variable: "message.colour", op: "eq", value: "red" },
            { variable: "message.hasAttachments", op: "contains", value: "x" },
            { variable: "message.sentAt", op: "before", value: "yesterday" },
            { variable: "message.subject", op: "isEmpty", value: "x" },
            { variable: "record.firstName", op: "eq", value: "Ann" },
          ],
        },
      }),
    ).toEqual([
      "definition.conditions.variables.0.variable:unknown_variable",
      "definition.conditions.variables.1.op:operator_not_allowed",
      "definition.conditions.variables.2.value:invalid_value",
      "definition.conditions.variables.3.value:invalid_value",
      "definition.conditions.variables.4.variable:unknown_variable",
    ]);
    // Inside a branch: the path names the branch's condition.
    expect(
      await codes({
        trigger: { kind: "recordCreated" },
        steps: [
          {
            id: "b",
            type: "branch",
            if: { variables: [{ variable: "message.subject", op: "contains", value: "x" }] },
            thenSteps: [taskStep("Follow up")],
          },
        ],
      }),
    ).toEqual(["definition.steps.0.if.variables.0.variable:unknown_variable"]);
  });

  it("refuses a variable of the wrong type written into a field", async () => {
    expect(
      await codes(
        {
          trigger: { kind: "recordCreated" },
          steps: [{ id: "u", type: "updateFields", values: { amount: "{{record.title}}" } }],
        },
        "deals",
      ),
    ).toEqual(["definition.steps.0.values.amount:variable_type_mismatch"]);
  });

  it("saved nothing, and saves the rule once its variables are right", async () => {
    expect(
      await t.db.selectFrom("automation_rules").select("id").where("owner_id", "=", ownerId).execute(),
    ).toHaveLength(0);
    const ok = await createRule(t, h, {
      entity: "contacts",
      name: "Fine",
      definition: {
        trigger: mail,
        conditions: {
          variables: [
            { variable: "message.hasAttachments", op: "isTrue" },
            { variable: "message.sentAt", op: "after", value: "2026-01-01T00:00:00Z" },
            { variable: "message.linked.deals", op: "isNotEmpty" },
          ],
        },
        steps: [taskStep("{{message.subject}} {{trigger.occurredAt}} {{previous.outputs.t.id}}")],
      },
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});
