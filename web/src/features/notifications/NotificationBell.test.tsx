import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import { installFakeEventSource } from "../../test/fakeEventSource";
import { type Handler, installFakeFetch, json, problem } from "../../test/fakeFetch";
import { company, companyListRoutes, giveElementsLayout, uuid } from "../../test/listFixtures";
import { renderApp } from "../../test/render";

const slow = { timeout: 20_000 };
const N = (n: number) => uuid(700 + n);

const notification = (n: number, title: string, readAt: string | null = null, kind = "record.assigned") => ({
  id: N(n),
  kind,
  titleKey: kind,
  params: {},
  title,
  entity: "companies",
  entityId: uuid(1),
  readAt,
  createdAt: "2026-03-01T10:00:00Z",
});

const page = () => ({
  items: [
    notification(2, "Acme was given to you"),
    notification(1, "Call Ivan is due", null, "task.reminder"),
    notification(0, "Old news", "2026-02-01T00:00:00Z"),
  ],
  nextCursor: null,
  unreadCount: 2,
});

function routes(extra: Record<string, Handler | Handler[]> = {}) {
  return installFakeFetch({
    ...companyListRoutes([company(1, "Acme")]),
    "GET /api/v1/notifications": () => json(page()),
    ...extra,
  });
}

const bell = (name: RegExp | string) => screen.findByRole("button", { name }, slow);

async function openBell() {
  await userEvent.click(await bell(/^Notifications/));
  return screen.findByRole("dialog", { name: "Notifications" });
}

const item = (list: HTMLElement, title: string) => within(list).getByText(title).closest("li") as HTMLElement;

beforeAll(giveElementsLayout);

describe("notification bell", { timeout: 60_000 }, () => {
  it("shows the unread count and inserts a notification arriving over SSE live, once", async () => {
    const Source = installFakeEventSource();
    routes();
    renderApp("/companies");
    expect(await bell("Notifications: 2 unread notifications")).toBeInTheDocument();
    expect(Source.latest.url).toBe("/api/v1/notifications/stream");
    act(() => Source.latest.open());

    const live = notification(3, "Beta Ltd was given to you");
    act(() => Source.latest.emit(live, { type: "notification", lastEventId: N(3) }));
    expect(await bell("Notifications: 3 unread notifications")).toBeInTheDocument();
    // The same event again (a resumed stream) changes nothing.
    act(() => Source.latest.emit(live, { type: "notification", lastEventId: N(3) }));
    // Anything that is not a notification is ignored.
    act(() => Source.latest.emit("not json"));
    const dialog = await openBell();
    const titles = within(dialog)
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(titles[0]).toContain("Beta Ltd was given to you");
    expect(titles).toHaveLength(4);
    expect(screen.getByRole("button", { name: "Notifications: 3 unread notifications" })).toBeInTheDocument();
  });

  it("pops up a reminder arriving over SSE", async () => {
    const Source = installFakeEventSource();
    routes();
    renderApp("/companies");
    await bell("Notifications: 2 unread notifications");
    act(() => Source.latest.open());
    act(() => Source.latest.emit(notification(4, "Meeting with Acme in 15 minutes", null, "task.reminder")));
    expect(await screen.findByText("Meeting with Acme in 15 minutes")).toBeInTheDocument();
    expect(await bell("Notifications: 3 unread notifications")).toBeInTheDocument();
  });

  it("marks one read and one unread (PATCH {read}), optimistically", async () => {
    installFakeEventSource();
    const fake = routes({
      [`PATCH /api/v1/notifications/${N(2)}`]: () =>
        json({ ...notification(2, "x"), readAt: "2026-03-02T00:00:00Z" }),
      [`PATCH /api/v1/notifications/${N(0)}`]: () => json(notification(0, "Old news")),
    });
    renderApp("/companies");
    const dialog = await openBell();
    await userEvent.click(
      within(item(dialog, "Acme was given to you")).getByRole("button", { name: "Mark as read" }),
    );
    expect(await bell("Notifications: 1 unread notification")).toBeInTheDocument();
    expect(
      within(item(dialog, "Acme was given to you")).getByRole("button", { name: "Mark as unread" }),
    ).toBeInTheDocument();
    await userEvent.click(within(item(dialog, "Old news")).getByRole("button", { name: "Mark as unread" }));
    expect(await bell("Notifications: 2 unread notifications")).toBeInTheDocument();
    expect(fake.callsTo(`PATCH /api/v1/notifications/${N(2)}`)[0]?.body).toEqual({ read: true });
    expect(fake.callsTo(`PATCH /api/v1/notifications/${N(0)}`)[0]?.body).toEqual({ read: false });
  });

  it("puts a mark back and says why when the server refuses", async () => {
    installFakeEventSource();
    let fail: (response: Response) => void = () => undefined;
    routes({
      [`PATCH /api/v1/notifications/${N(2)}`]: () => new Promise<Response>((resolve) => (fail = resolve)),
      [`PATCH /api/v1/notifications/${N(0)}`]: () => problem(404, "not_found"),
    });
    renderApp("/companies");
    const dialog = await openBell();
    await userEvent.click(
      within(item(dialog, "Acme was given to you")).getByRole("button", { name: "Mark as read" }),
    );
    // Optimistic first…
    expect(await bell("Notifications: 1 unread notification")).toBeInTheDocument();
    act(() => fail(problem(500, "server_error")));
    // …then rolled back, with the translated reason.
    expect(await bell("Notifications: 2 unread notifications")).toBeInTheDocument();
    expect(
      within(item(dialog, "Acme was given to you")).getByRole("button", { name: "Mark as read" }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText("The server ran into a problem. Please try again later."),
    ).toBeInTheDocument();
    expect(screen.getAllByText("The notification could not be updated").length).toBeGreaterThan(0);

    await userEvent.click(within(item(dialog, "Old news")).getByRole("button", { name: "Mark as unread" }));
    expect(await screen.findByText("Not found.")).toBeInTheDocument();
    expect(await bell("Notifications: 2 unread notifications")).toBeInTheDocument();
    expect(
      within(item(dialog, "Old news")).getByRole("button", { name: "Mark as unread" }),
    ).toBeInTheDocument();
  });

  it("marks all read, and rolls back when that fails", async () => {
    installFakeEventSource();
    const fake = routes({
      "POST /api/v1/notifications/read-all": [() => problem(500, "server_error"), () => json({ updated: 2 })],
    });
    renderApp("/companies");
    const dialog = await openBell();
    await userEvent.click(within(dialog).getByRole("button", { name: "Mark all as read" }));
    expect(
      await screen.findByText("The server ran into a problem. Please try again later."),
    ).toBeInTheDocument();
    expect(await bell("Notifications: 2 unread notifications")).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Mark all as read" }));
    expect(await bell(/^Notifications$/)).toBeInTheDocument();
    expect(fake.callsTo("POST /api/v1/notifications/read-all")).toHaveLength(2);
    expect(within(dialog).queryByRole("button", { name: "Mark as read" })).toBeNull();
  });

  it("says live updates are off when the stream fails, and resumes after the last event once back", async () => {
    const Source = installFakeEventSource();
    routes();
    renderApp("/companies");
    await bell("Notifications: 2 unread notifications");
    const first = Source.latest;
    act(() => first.open());
    act(() => first.emit(notification(5, "Deal moved"), { type: "notification", lastEventId: N(5) }));
    const dialog = await openBell();
    expect(within(dialog).queryByText("Live updates are not available right now.")).toBeNull();

    // The browser reconnecting by itself is not "offline".
    act(() => first.fail(false));
    expect(within(dialog).queryByText("Live updates are not available right now.")).toBeNull();
    // It gave up: offline, and a new stream after a back-off resumes after the last event seen.
    act(() => first.fail(true));
    expect(await within(dialog).findByText("Live updates are not available right now.")).toBeInTheDocument();
    await waitFor(() => expect(Source.instances).toHaveLength(2), { timeout: 5_000 });
    expect(Source.latest.url).toBe(`/api/v1/notifications/stream?lastEventId=${N(5)}`);
    act(() => Source.latest.open());
    await waitFor(() =>
      expect(within(dialog).queryByText("Live updates are not available right now.")).toBeNull(),
    );
  });

  it("is offline from the start in a browser without EventSource", async () => {
    routes();
    const original = globalThis.EventSource;
    // @ts-expect-error simulating a browser without EventSource
    delete globalThis.EventSource;
    try {
      renderApp("/companies");
      const dialog = await openBell();
      expect(within(dialog).getByText("Live updates are not available right now.")).toBeInTheDocument();
    } finally {
      if (original) globalThis.EventSource = original;
    }
  });
});
