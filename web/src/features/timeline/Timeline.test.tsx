import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { i18n } from "../../i18n";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { uuid } from "../../test/listFixtures";
import { adminUser, renderWithProviders } from "../../test/render";
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
