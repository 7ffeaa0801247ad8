import { json } from "./fakeFetch";
import { adminUser } from "./render";

/** Field metadata of a small companies list (name, city, owner) as the server describes it. */
const TEXT_OPS = ["eq", "ne", "lt", "lte", "gt", "gte", "between", "in", "notIn", "isEmpty", "isNotEmpty"];
const ID_OPS = ["eq", "ne", "in", "notIn", "isEmpty", "isNotEmpty"];
export const companyFields = [
  {
    key: "id",
    type: "uuid",
    filterable: true,
    sortable: true,
    custom: false,
    access: "readonly",
    operators: ID_OPS,
  },
  {
    key: "name",
    type: "text",
    filterable: true,
    sortable: true,
    custom: false,
    access: "write",
    operators: [...TEXT_OPS, "contains", "startsWith"],
  },
  {
    key: "city",
    type: "text",
    filterable: true,
    sortable: true,
    custom: false,
    access: "write",
    operators: [...TEXT_OPS, "contains", "startsWith"],
  },
  {
    key: "ownerId",
    type: "user",
    filterable: true,
    sortable: false,
    custom: false,
    access: "write",
    operators: ID_OPS,
  },
];

export const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

export const company = (n: number, name: string, city = "Belgrade") => ({
  id: uuid(n),
  name,
  city,
  ownerId: adminUser.id,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
});

/** The routes every companies list screen reads, answering with `rows`. */
export const companyListRoutes = (rows: object[], fields: object[] = companyFields) =>
  listRoutes("companies", rows, fields);

/** The routes a list screen of `entity` reads, answering with `rows`. */
export function listRoutes(entity: string, rows: object[], fields: object[], pipelines: object[] = []) {
  return {
    "GET /api/v1/me": () => json(adminUser),
    [`GET /api/v1/custom-fields/meta/${entity}`]: () => json({ items: fields }),
    "GET /api/v1/custom-fields": () => json({ items: [] }),
    "GET /api/v1/views": () => json({ items: [] }),
    "GET /api/v1/users": () =>
      json({ items: [{ id: adminUser.id, name: adminUser.name, isActive: true }], nextCursor: null }),
    "GET /api/v1/pipelines": () => json({ items: pipelines }),
    [`GET /api/v1/${entity}`]: () =>
      json({ items: rows, nextCursor: null, total: { count: rows.length, capped: false } }),
  };
}

/** jsdom has no layout: give elements a viewport-sized box so the table's virtualizer renders rows. */
export function giveElementsLayout() {
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 800 });
  Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 1200 });
}
