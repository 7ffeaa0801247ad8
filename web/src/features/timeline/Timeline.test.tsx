import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { i18n } from "../../i18n";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { uuid } from "../../test/listFixtures";
import { adminUser, renderWithProviders } from "../../test/render";
import { SYSTEM_EVENTS } from "./systemEvents";
import { Timeline } from "./Timeline";

const item = (n: number, kind: string, outcome: string, extra: object = {}) => ({
  id: uuid(100 + n),
  kind,
  occurredAt: `2026-03-0${n}T10:00:00Z`,
  subject: null,
  body: null,
  direction: null,
  phone: null,
  durationSeconds: null,
  outcome,
  recordingUrl: null,
  startsAt: null,
  endsAt: null,
  place: null,
  participants: { users: [], contacts: [] },
  from: null,
  to: null,
  event: null,
  taskId: null,
  ownerId: adminUser.id,
  createdBy: adminUser.id,
  createdAt: `2026-03-0${n}T10:00:00Z`,
  updatedAt: `2026-03-0${n}T10:00:00Z`,
  ...extra,
});

describe("timeline call outcomes", { timeout: 30_000 }, () => {
  it("translates a call's outcome code when showing it; free text stays as written", async () => {
    const C = uuid(1);
    installFakeFetch({
      [`GET /api/v1/timeline/contacts/${C}`]: () =>
        json({
          items: [
            item(3, "call", "noAnswer", { direction: "in", durationSeconds: 120 }),
            item(2, "call", "Called from the car"),
            item(1, "meeting", "busy"),
          ],
          nextCursor: null,
        }),
      "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
    });
    await i18n.changeLanguage("ru");
    try {
      renderWithProviders(<Timeline entity="contacts" id={C} />);
      expect(await screen.findByText("Входящий · Нет ответа · 2 мин")).toBeInTheDocument();
      expect(screen.getByText("Called from the car")).toBeInTheDocument();
      // A meeting's outcome is free text, never taken for a call code.
      expect(screen.getByText("busy")).toBeInTheDocument();
    } finally {
      await i18n.changeLanguage("en");
    }
  });
});

describe("timeline system events", { timeout: 30_000 }, () => {
  const C = uuid(2);
  const stageMove = (n: number, before: string | null, after: string) =>
    item(n, "status_change", "", {
      outcome: null,
      subject: "Big deal",
      event: {
        event: "deal_stage_changed",
        field: "stage",
        before,
        after,
        beforeId: before ? uuid(50) : null,
        afterId: uuid(51),
        stageKind: "open",
      },
    });
  const serve = () =>
    installFakeFetch({
      [`GET /api/v1/timeline/deals/${C}`]: () =>
        json({
          items: [
            stageMove(3, "Negotiation", "Contract"),
            stageMove(2, null, "Lead"),
            item(1, "system", "", {
              outcome: null,
              subject: "Send offer",
              event: {
                event: "task_completed",
                taskId: uuid(60),
                taskType: "call",
                title: "Send offer",
                result: "Agreed",
              },
            }),
          ],
          nextCursor: null,
        }),
      "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
    });

  it.each([
    ["en", "Stage: Negotiation → Contract", "Stage: Lead", "Task completed. Result: Agreed"],
    ["ru", "Этап: Negotiation → Contract", "Этап: Lead", "Задача выполнена. Результат: Agreed"],
    ["sr", "Фаза: Negotiation → Contract", "Фаза: Lead", "Задатак завршен. Резултат: Agreed"],
    ["kk", "Кезең: Negotiation → Contract", "Кезең: Lead", "Тапсырма орындалды. Нәтижесі: Agreed"],
  ])("%s: says what changed, from and to, never a raw key", async (language, moved, set, done) => {
    serve();
    await i18n.changeLanguage(language);
    try {
      const { container } = renderWithProviders(<Timeline entity="deals" id={C} />);
      expect(await screen.findByText(moved)).toBeInTheDocument();
      expect(screen.getByText(set)).toBeInTheDocument();
      expect(screen.getByText(done)).toBeInTheDocument();
      expect(container.textContent).not.toMatch(/timeline\.\w+/);
    } finally {
      await i18n.changeLanguage("en");
    }
  });

  it.each(["en", "ru", "sr", "kk"])("%s has a text for every system event", (language) => {
    const missing = SYSTEM_EVENTS.filter(
      (code) => !i18n.exists(`timeline.events.${code}`, { lng: language }),
    );
    expect(missing).toEqual([]);
  });
});
