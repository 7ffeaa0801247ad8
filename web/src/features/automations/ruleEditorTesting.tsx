import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import { type Handler, installFakeFetch, json } from "../../test/fakeFetch";
import { uuid } from "../../test/listFixtures";
import { adminUser, renderWithProviders } from "../../test/render";
import type { Rule } from "./api";
import { RuleEditor } from "./RuleEditor";

/** What the rule editor's component tests share: the server's answers it needs and a select picker. */
export const user = userEvent.setup({ delay: null });
export const MAILBOX = uuid(720);
export const welcome = {
  id: uuid(721),
  kind: "email",
  name: "Welcome letter",
  entity: null,
  shared: true,
  ownerId: adminUser.id,
  defaultLanguage: "en",
  variants: { en: { subject: "Hi", body: "Hello" } },
  canEdit: true,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
};
export const field = (key: string, type: string, extra: object = {}) => ({
  key,
  type,
  filterable: true,
  sortable: true,
  custom: false,
  access: "write",
  ...extra,
});
export const dealFields = [
  field("title", "text"),
  field("expectedCloseDate", "date"),
  field("createdAt", "dateTime"),
  field("companyId", "link", { linkEntity: "companies" }),
  field("ownerId", "user"),
];
export const entity = (name: string, singular: string, plural: string) => ({
  name,
  label: { singular, plural },
  labels: Object.fromEntries(["en", "ru", "sr", "kk"].map((l) => [l, { singular, plural }])),
  path: `/api/v1/${name}`,
  capabilities: {},
  permissions: {
    read: "all",
    create: "all",
    update: "all",
    delete: "all",
    export: "all",
    import: "all",
    assign: "all",
  },
});

/**
 * Opens a new rule (or `rule`, a saved one) in the editor against a fake server: `routes` add to or replace the
 * default answers.
 */
export function openRuleEditor(routes: Record<string, Handler>, rule: Rule | null = null) {
  const fake = installFakeFetch({
    "GET /api/v1/me": () => json(adminUser),
    "GET /api/v1/meta/entities": () => json({ items: [entity("deals", "Deal", "Deals")] }),
    "GET /api/v1/custom-fields/meta/deals": () => json({ items: dealFields }),
    "GET /api/v1/custom-fields": () => json({ items: [] }),
    "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/teams": () => json({ items: [] }),
    "GET /api/v1/pipelines": () => json({ items: [] }),
    "GET /api/v1/automations": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/mailboxes": () => json({ items: [{ id: MAILBOX, address: "me@example.com" }] }),
    "GET /api/v1/templates": () => json({ items: [welcome] }),
    ...routes,
  });
  renderWithProviders(<RuleEditor rule={rule} onClose={() => undefined} onSaved={vi.fn()} />);
  return fake;
}

export async function pick(scope: HTMLElement, label: string | RegExp, option: string) {
  const input = within(scope).getAllByLabelText(label)[0] as HTMLElement;
  await user.click(input);
  await user.click(await screen.findByRole("option", { name: option }));
}
