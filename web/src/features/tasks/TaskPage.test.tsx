import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json, problem } from "../../test/fakeFetch";
import { uuid } from "../../test/listFixtures";
import { adminUser, renderApp } from "../../test/render";
import { recordPath } from "../records/entityConfig";

const slow = { timeout: 20_000 };
const ID = uuid(7);
const HISTORY = `GET /api/v1/audit-log/records/tasks/${ID}`;
const task = {
  id: ID,
  title: "Call the buyer back",
  description: "Ask about the delivery date.",
  type: "call",
  status: "open",
  priority: "high",
  dueAt: "2026-12-10T09:30:00Z",
  allDay: false,
  timeZone: "Europe/Belgrade",
  overdue: false,
  durationMinutes: 15,
  reminders: [15],
  location: null,
  participants: [],
  result: null,
  links: [],
  ownerId: adminUser.id,
  createdBy: adminUser.id,
  completedAt: null,
  createdAt: "2026-12-01T10:00:00Z",
  updatedAt: "2026-12-02T10:00:00Z",
};
const entry = (n: number, action: string, changes: object | null) => ({
  id: String(n),
  occurredAt: `2026-12-0${n}T10:00:00Z`,
  action,
  actor: { id: adminUser.id, name: adminUser.name },
  entity: "tasks",
  entityId: ID,
  changes,
  details: {},
  ip: null,
});

describe("task page", { timeout: 40_000 }, () => {
  it("is where task titles link to", () => {
    expect(recordPath("tasks", ID)).toBe(`/tasks/${ID}`);
  });

  it("shows the task's fields and its change history; completing it refreshes both", async () => {
    let status = "open";
    const net = installFakeFetch({
      "GET /api/v1/me": () => json(adminUser),
      "GET /api/v1/users": () =>
        json({
          items: [
            {
              id: adminUser.id,
              name: "Ada Admin",
              email: adminUser.email,
              avatarUrl: null,
              position: null,
              teamId: null,
              isActive: true,
            },
          ],
          nextCursor: null,
        }),
      [`GET /api/v1/tasks/${ID}`]: () =>
        json({ ...task, status, completedAt: status === "done" ? "2026-12-03T10:00:00Z" : null }),
      [HISTORY]: [
        () =>
          json({
            items: [
              entry(2, "record.update", { priority: { before: "normal", after: "high" } }),
              entry(1, "record.create", null),
            ],
            nextCursor: null,
          }),
        () =>
          json({
            items: [
              entry(3, "record.complete", { status: { before: "open", after: "done" } }),
              entry(2, "record.update", { priority: { before: "normal", after: "high" } }),
            ],
            nextCursor: null,
          }),
      ],
      [`POST /api/v1/tasks/${ID}/complete`]: () => {
        status = "done";
        return json({ ...task, status });
      },
    });
    renderApp(`/tasks/${ID}`);
    expect(await screen.findByRole("heading", { name: "Call the buyer back" }, slow)).toBeInTheDocument();
    expect(screen.getByText("Ask about the delivery date.")).toBeInTheDocument();
    expect(screen.getByText("High")).toBeInTheDocument();
    expect(screen.getAllByText("Open").length).toBeGreaterThan(0);
    const history = screen.getByRole("region", { name: "History" });
    expect(await within(history).findByText("record.update")).toBeInTheDocument();
    expect(within(history).getByText("record.create")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Mark as done" }));
    expect(await screen.findByRole("button", { name: "Reopen" })).toBeInTheDocument();
    expect(await within(history).findByText("record.complete")).toBeInTheDocument();
    expect(net.callsTo(`POST /api/v1/tasks/${ID}/complete`)).toHaveLength(1);
    await waitFor(() => expect(net.callsTo(HISTORY).length).toBeGreaterThanOrEqual(2));
  });

  it("says when the task does not exist or is out of reach", async () => {
    installFakeFetch({
      "GET /api/v1/me": () => json(adminUser),
      [`GET /api/v1/tasks/${ID}`]: () => problem(404, "not_found"),
    });
    renderApp(`/tasks/${ID}`);
    expect(await screen.findByRole("heading", { name: "Not found or no access" }, slow)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to Tasks" })).toHaveAttribute("href", "/tasks");
  });

  it("names the linked records and links to them; an unreadable one shows no name", async () => {
    const company = uuid(20);
    const deal = uuid(21);
    installFakeFetch({
      "GET /api/v1/me": () => json(adminUser),
      [`GET /api/v1/tasks/${ID}`]: () =>
        json({
          ...task,
          links: [
            { entity: "companies", id: company },
            { entity: "deals", id: deal },
          ],
        }),
      [`GET /api/v1/companies/${company}`]: () => json({ id: company, name: "Acme d.o.o." }),
      [`GET /api/v1/deals/${deal}`]: () => problem(404, "not_found"),
      [HISTORY]: () => json({ items: [], nextCursor: null }),
    });
    renderApp(`/tasks/${ID}`);
    const link = await screen.findByRole("link", { name: "Acme d.o.o." }, slow);
    expect(link).toHaveAttribute("href", `/companies/${company}`);
    expect(await screen.findByText("Not available", {}, slow)).toBeInTheDocument();
    expect(screen.getByText("Linked records")).toBeInTheDocument();
  });
});
