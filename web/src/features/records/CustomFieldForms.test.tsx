import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { adminUser, renderWithProviders } from "../../test/render";
import { FieldInput } from "../../ui/table/FieldInput";
import type { ColumnSpec, RowBase } from "../../ui/table/types";
import { CreateCompanyButton, CreateContactButton, CreateDealButton } from "./CreateButtons";
import { FieldGroups } from "./FieldGroups";

const slow = { timeout: 45_000 };

interface Definition {
  key: string;
  label: string;
  type: string;
  options?: unknown;
  linkEntity?: string;
}

const hundred = Array.from({ length: 100 }, (_, i) => ({ value: `v${i}`, label: `Вариант ${i + 1}` }));

/** Every custom-field type, and definitions a form must survive (stored before the server checked them). */
const definitions: Definition[] = [
  { key: "nick", label: "Прозвище", type: "text" },
  { key: "bio", label: "Биография", type: "longText" },
  { key: "employees", label: "Сотрудники", type: "number" },
  { key: "budget", label: "Бюджет", type: "money" },
  { key: "since", label: "Клиент с", type: "date" },
  { key: "metAt", label: "Встреча", type: "dateTime" },
  { key: "vip", label: "VIP", type: "boolean" },
  {
    key: "priority",
    label: "Приоритет",
    type: "select",
    options: [
      { value: "field", label: "Высокий" },
      { value: "field", label: "Средний" },
      { value: "field", label: "Низкий" },
    ],
  },
  {
    key: "emptyValues",
    label: "Пустые значения",
    type: "select",
    options: [
      { value: "", label: "Да" },
      { value: "", label: "Нет" },
    ],
  },
  { key: "many", label: "Сто вариантов", type: "multiSelect", options: hundred },
  { key: "noOptions", label: "Без вариантов", type: "select", options: null },
  { key: "broken", label: "Сломанное поле", type: "multiSelect", options: 42 },
  { key: "altEmail", label: "Эл. почта", type: "email" },
  { key: "altPhone", label: "Телефон", type: "phone" },
  { key: "site", label: "Сайт", type: "url" },
  { key: "buddy", label: "Куратор", type: "user" },
  { key: "mainDeal", label: "Сделка", type: "link", linkEntity: "deals" },
];

const meta = (entity: string) => [
  { key: "name", type: "text", filterable: true, sortable: true, custom: false, access: "write" },
  ...(entity === "deals"
    ? [
        { key: "title", type: "text", filterable: true, sortable: true, custom: false, access: "write" },
        { key: "amount", type: "money", filterable: true, sortable: true, custom: false, access: "write" },
      ]
    : []),
  ...definitions.map((d) => ({
    key: `custom.${d.key}`,
    label: d.label,
    type: d.type,
    filterable: false,
    sortable: false,
    custom: true,
    access: "write",
    ...(Array.isArray(d.options) ? { options: d.options.map((o: { value: string }) => o.value) } : {}),
    ...(d.linkEntity ? { linkEntity: d.linkEntity } : {}),
    operators: [],
  })),
];

const definitionRows = (entity: string) =>
  definitions.map((d, position) => ({
    id: `00000000-0000-4000-8000-${String(position + 1).padStart(12, "0")}`,
    entity,
    position,
    group: "",
    helpText: "",
    required: false,
    unique: false,
    filterable: false,
    defaultValue: null,
    linkEntity: d.linkEntity ?? null,
    deletedAt: null,
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    ...d,
    options: d.options ?? null,
  }));

function serve() {
  const routes: Record<string, () => Response> = {
    "GET /api/v1/me": () => json(adminUser),
    "GET /api/v1/users": () =>
      json({ items: [{ id: adminUser.id, name: adminUser.name, isActive: true }], nextCursor: null }),
    "GET /api/v1/pipelines": () => json({ items: [] }),
    "GET /api/v1/settings/default-currency": () => json({ currency: "RUB" }),
  };
  for (const entity of ["companies", "contacts", "deals", "tasks"]) {
    routes[`GET /api/v1/custom-fields/meta/${entity}`] = () => json({ items: meta(entity) });
  }
  routes["GET /api/v1/custom-fields"] = () => json({ items: definitionRows("companies") });
  installFakeFetch(routes);
}

const labels = definitions.map((d) => d.label).filter((l) => l !== "Сделка");

afterEach(() => vi.restoreAllMocks());

describe("forms with every kind of custom field", { timeout: 90_000 }, () => {
  it.each([
    ["New company", <CreateCompanyButton key="c" />],
    ["New contact", <CreateContactButton key="p" />],
    ["New deal", <CreateDealButton key="d" />],
  ])("%s renders every field; a definition that cannot render is an inline error", async (name, button) => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    serve();
    renderWithProviders(button);
    await userEvent.click(await screen.findByRole("button", { name }, slow));
    const dialog = await screen.findByRole("dialog", { name }, slow);
    await within(dialog).findByText("Прозвище", {}, slow);
    for (const label of labels) expect(within(dialog).getAllByText(label).length).toBeGreaterThan(0);
    expect(within(dialog).getByRole("alert")).toHaveTextContent(
      "Сломанное полеThis field cannot be shown. Ask an administrator to check its settings.",
    );
    // The select whose stored choices all share one value still opens and offers a choice.
    await userEvent.click(within(dialog).getAllByLabelText("Приоритет")[0] as HTMLElement);
    expect(await screen.findByRole("option", { name: "Высокий" })).toBeInTheDocument();
    expect(dialog).toBeInTheDocument();
  });

  it("record pages show and edit every field of every entity", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    serve();
    const columns: ColumnSpec[] = definitions.map((d) => ({
      key: `custom.${d.key}`,
      label: d.label,
      type: d.type as ColumnSpec["type"],
      sortable: false,
      filterable: false,
      editable: true,
      custom: true,
      ...(d.options !== undefined ? { options: d.options as ColumnSpec["options"] } : {}),
    }));
    const record: RowBase = {
      id: "r1",
      "custom.priority": "field",
      "custom.many": ["v1", "v99"],
      "custom.since": "1985-03-12",
      "custom.broken": ["x"],
    };
    renderWithProviders(
      <>
        <FieldGroups columns={columns} record={record} hidden={[]} onCommit={async () => undefined} />
        {columns.map((column) => (
          <FieldInput
            key={column.key}
            column={column}
            value={record[column.key]}
            onChange={() => undefined}
          />
        ))}
      </>,
    );
    for (const label of labels)
      expect((await screen.findAllByText(label, {}, slow)).length).toBeGreaterThan(0);
    expect(screen.getAllByRole("alert").length).toBeGreaterThan(0);
  });
});
