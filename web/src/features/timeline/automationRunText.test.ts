import { afterEach, describe, expect, it } from "vitest";
import { i18n } from "../../i18n";
import { systemEventText } from "./systemEvents";

const run = (extra: Record<string, unknown> = {}) => ({
  event: "automation_run",
  rule: "Fast track",
  status: "succeeded",
  steps: [{ type: "moveStage", stage: "Negotiation" }, { type: "createTask" }],
  ...extra,
});

afterEach(async () => {
  await i18n.changeLanguage("en");
});

describe("automation runs on the timeline", () => {
  it("says what the rule did: the stage it set and the steps it ran", () => {
    expect(systemEventText(i18n.t, run())).toBe("Rule «Fast track»: set stage to Negotiation; Create a task");
  });

  it("names the run's state when it is not done, and a run with no visible effect", () => {
    expect(systemEventText(i18n.t, run({ status: "failed", steps: [] }))).toBe(
      "Rule «Fast track» ran (failed)",
    );
    expect(systemEventText(i18n.t, run({ status: "waiting", steps: [{ type: "createTask" }] }))).toBe(
      "Rule «Fast track»: Create a task (waiting)",
    );
  });

  it("a deleted stage and an unknown step type never show raw keys", () => {
    expect(
      systemEventText(i18n.t, run({ steps: [{ type: "moveStage", stage: null }, { type: "futureStep" }] })),
    ).toBe("Rule «Fast track»: set stage to deleted stage");
  });

  it.each(["ru", "kk", "sr"])("is translated in %s", async (language) => {
    await i18n.changeLanguage(language);
    const text = systemEventText(i18n.t, run()) ?? "";
    expect(text).toContain("Fast track");
    expect(text).toContain("Negotiation");
    expect(text).not.toMatch(/Rule|set stage|timeline\.|automations\./);
  });
});
