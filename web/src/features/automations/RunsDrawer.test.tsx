import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { i18n } from "../../i18n";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { renderWithProviders } from "../../test/render";
import type { Rule } from "./api";
import { RunsDrawer } from "./RunsDrawer";

// A run's and each step's status are codes; the drawer shows their labels in the interface language.
const RULE = "00000000-0000-4000-8000-0000000000a1";
const at = "2026-12-07T10:00:00.000Z";
const step = (status: string) => ({
  stepId: "s1",
  stepType: "create_task",
  status,
  input: null,
  output: null,
  error: null,
  attempt: 1,
  startedAt: at,
  finishedAt: at,
});

afterEach(async () => {
  await i18n.changeLanguage("en");
});

describe("automation runs", { timeout: 60_000 }, () => {
  it("labels run and step statuses in Russian", async () => {
    await i18n.changeLanguage("ru");
    installFakeFetch({
      [`GET /api/v1/automations/${RULE}/runs`]: () =>
        json({
          items: [
            {
              id: "00000000-0000-4000-8000-0000000000b1",
              ruleId: RULE,
              version: 1,
              entity: "deals",
              recordId: null,
              status: "failed",
              reason: null,
              error: null,
              depth: 0,
              wakeAt: null,
              createdAt: at,
              finishedAt: at,
              steps: [step("succeeded")],
            },
          ],
        }),
    });
    renderWithProviders(<RunsDrawer rule={{ id: RULE, name: "Правило" } as Rule} onClose={() => {}} />);
    const run = await screen.findByTestId("automation-run", {}, { timeout: 20_000 });
    expect(run).toHaveTextContent("ошибка");
    expect(run).toHaveTextContent("выполнено");
    expect(run).not.toHaveTextContent("succeeded");
  });
});
