import { screen } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { i18n } from "../../i18n";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { giveElementsLayout, listRoutes, uuid } from "../../test/listFixtures";
import { adminUser, renderApp } from "../../test/render";

// A task's type is stored as a code (`call`, or an administrator's own type's key); the list shows its label in
// the interface language, as the create form does, and a code without a label as it is.
const slow = { timeout: 20_000 };
const field = (key: string, type: string, options?: string[]) => ({
  key,
  type,
  filterable: true,
  sortable: true,
  custom: false,
  access: "write",
  operators: ["eq", "in"],
  ...(options ? { options } : {}),
});
const fields = [
  field("title", "text"),
  field("type", "text"),
  field("priority", "select", ["low", "normal", "high", "urgent"]),
  field("status", "select", ["open", "done", "cancelled"]),
];
const task = (n: number, title: string, type: string) => ({
  id: uuid(n),
  title,
  type,
  priority: "urgent",
  status: "open",
  ownerId: adminUser.id,
});

beforeAll(giveElementsLayout);
afterEach(async () => {
  await i18n.changeLanguage("en");
});

describe("tasks list", { timeout: 60_000 }, () => {
  it("shows task types, priorities and statuses as labels in the interface language", async () => {
    await i18n.changeLanguage("ru");
    installFakeFetch({
      ...listRoutes(
        "tasks",
        [
          task(1, "Позвонить Ивану", "call"),
          task(2, "Встретиться", "meeting"),
          task(3, "Своё", "site_visit"),
        ],
        fields,
      ),
      "GET /api/v1/me": () => json({ ...adminUser, language: "ru" }),
    });
    renderApp("/tasks");
    await screen.findByText("Позвонить Ивану", {}, slow);
    const grid = screen.getByRole("grid");
    expect(grid).toHaveTextContent("Звонок");
    expect(grid).toHaveTextContent("Встреча");
    expect(grid).toHaveTextContent("Срочный");
    expect(grid).toHaveTextContent("Открыта");
    expect(grid).not.toHaveTextContent(/\bcall\b|\bmeeting\b|\burgent\b/);
    // An administrator's own type has no label in the locale files: its key, not an empty cell.
    expect(grid).toHaveTextContent("site_visit");
  });
});
