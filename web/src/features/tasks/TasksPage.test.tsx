import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
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

// `GET /api/v1/task-types`: the built-in types (named by their keys; the locale files label them) and an
// administrator's own, one of them retired.
const builtIn = ["todo", "call", "email", "meeting"].map((key, position) => ({
  key,
  name: key,
  builtIn: true,
  isActive: true,
  position,
}));
const taskTypes = [
  ...builtIn,
  { key: "site_visit", name: "Выезд на объект", builtIn: false, isActive: true, position: 10 },
  { key: "old_type", name: "Old type", builtIn: false, isActive: false, position: 11 },
];

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
      "GET /api/v1/task-types": () => json({ items: taskTypes }),
    });
    renderApp("/tasks");
    await screen.findByText("Позвонить Ивану", {}, slow);
    const grid = screen.getByRole("grid");
    expect(grid).toHaveTextContent("Звонок");
    expect(grid).toHaveTextContent("Встреча");
    expect(grid).toHaveTextContent("Срочный");
    expect(grid).toHaveTextContent("Открыта");
    expect(grid).not.toHaveTextContent(/\bcall\b|\bmeeting\b|\burgent\b/);
    // An administrator's own type has no label in the locale files: the name the server gives it, not its key.
    await waitFor(() => expect(screen.getByRole("grid")).toHaveTextContent("Выезд на объект"), slow);
    expect(screen.getByRole("grid")).not.toHaveTextContent("site_visit");
  });

  it("offers the active task types in the create dialog, an administrator's own ones by name", async () => {
    installFakeFetch({
      ...listRoutes("tasks", [], fields),
      "GET /api/v1/task-types": () => json({ items: taskTypes }),
    });
    renderApp("/tasks");
    await userEvent.click(await screen.findByRole("button", { name: "New task" }, slow));
    const dialog = await screen.findByRole("dialog", { name: "New task" }, slow);
    await userEvent.click(within(dialog).getByLabelText("Type", { selector: "input" }));
    expect(await screen.findByRole("option", { name: "Выезд на объект" }, slow)).toBeInTheDocument();
    expect(screen.getByRole("option", { name: "Call" })).toBeInTheDocument();
    // Inactive types are not offered for new tasks (older tasks still show their names).
    expect(screen.queryByRole("option", { name: "Old type" })).toBeNull();
    expect(screen.queryByRole("option", { name: /site_visit|old_type/ })).toBeNull();
  });
});
