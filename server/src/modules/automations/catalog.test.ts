import { describe, expect, it } from "vitest";
import { installAutomationTriggers } from "../../platform/events/automation-triggers.js";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("automation catalog: triggers contributed by modules, creatable records", () => {
  const t = useTestContext();

  const catalog = async (entity: string, headers: Record<string, string>) => {
    const r = await t.app.inject({
      method: "GET",
      url: `/api/v1/automations/catalog?entity=${entity}`,
      headers,
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as {
      triggers: { kind: string; source: string; module: string }[];
      createTargets: { entity: string; linkable: boolean }[];
    };
  };

  it("offers each entity the kinds its fields allow, named by the module contributing them", async () => {
    const a = await createUser(t.db, { roleKey: "admin" });
    const h = await tokenHeaders(t.db, a.id);
    const deals = await catalog("deals", h);
    const byKind = Object.fromEntries(deals.triggers.map((k) => [k.kind, `${k.module}/${k.source}`]));
    expect(byKind).toMatchObject({
      recordCreated: "automations/event",
      fieldChanged: "automations/event",
      stageEntered: "pipelines/event",
      won: "pipelines/event",
      dateRelative: "automations/time",
      schedule: "automations/time",
      inboundWebhook: "automations/hook",
    });
    expect(byKind.taskOverdue).toBeUndefined();
    const tasks = await catalog("tasks", h);
    expect(tasks.triggers.find((k) => k.kind === "taskOverdue")?.module).toBe("tasks");
    expect(tasks.triggers.some((k) => k.kind === "stageEntered")).toBe(false);
    // Contacts have no stage (the stage kinds are not offered), dates (birthday) and no due time.
    const contacts = await catalog("contacts", h);
    expect(contacts.triggers.map((k) => k.kind)).toEqual(
      expect.arrayContaining(["anniversary", "recordCreated"]),
    );
    expect(contacts.triggers.some((k) => k.kind === "won" || k.kind === "taskOverdue")).toBe(false);
    expect(contacts.createTargets).toEqual(
      expect.arrayContaining([
        { entity: "deals", linkable: true },
        { entity: "tasks", linkable: true },
        { entity: "contacts", linkable: false },
      ]),
    );
    const m = await createUser(t.db, { roleKey: "sales_manager" });
    const denied = await t.app.inject({
      method: "GET",
      url: "/api/v1/automations/catalog?entity=deals",
      headers: await tokenHeaders(t.db, m.id),
    });
    expect(denied.statusCode).toBe(403);
    for (const query of [
      "",
      "?entity=nope",
      "?entity=deals&entity=tasks",
      "?entity=deals%00",
      "?entity=deals&x=1",
    ]) {
      const bad = await t.app.inject({
        method: "GET",
        url: `/api/v1/automations/catalog${query}`,
        headers: h,
      });
      expect(bad.statusCode, query).toBe(422);
      expect(bad.headers["content-type"], query).toMatch(/application\/problem\+json/);
    }
  });

  it("refuses one kind offered by two modules", () => {
    const k = { kind: "recordCreated", source: "event", appliesTo: () => true } as never;
    expect(() => installAutomationTriggers([{ name: "other", automationTriggers: [k] }])).toThrow(
      /offered by automations and other/,
    );
  });
});
