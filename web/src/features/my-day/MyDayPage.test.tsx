import { notifications } from "@mantine/notifications";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { i18n } from "../../i18n";
import { installFakeFetch, json, problem } from "../../test/fakeFetch";
import { adminUser, renderApp } from "../../test/render";

// The first render loads the page and its lazy parts; on a loaded 2-core CI that alone can take several seconds.
const slow = { timeout: 10_000 };

const task = (id: string, title: string, over: Record<string, unknown> = {}) => ({
  id,
  title,
  description: "",
  type: "todo",
  status: "open",
  priority: "normal",
  dueAt: "2026-12-06T09:00:00.000Z",
  allDay: false,
  timeZone: "Europe/Belgrade",
  overdue: false,
  durationMinutes: null,
  reminders: [],
  location: null,
  participants: [],
  result: null,
  completedAt: null,
  ownerId: adminUser.id,
  createdBy: adminUser.id,
  createdAt: "2026-12-01T09:00:00.000Z",
  updatedAt: "2026-12-01T09:00:00.000Z",
  links: [],
  ...over,
});

const section = <T,>(items: T[], total = items.length, capped = false) => ({ items, total, capped });

const myDay = (over: Record<string, unknown> = {}) => ({
  date: "2026-12-06",
  timeZone: "Europe/Belgrade",
  overdue: section([task("t1", "Send the offer", { overdue: true, dueAt: "2026-12-03T09:00:00.000Z" })]),
  today: section([task("t2", "Call Ann", { type: "call" })]),
  meetings: section([
    {
      source: "task",
      id: "t3",
      title: "Demo at Acme",
      startsAt: "2026-12-06T13:00:00.000Z",
      endsAt: "2026-12-06T14:00:00.000Z",
      place: "Acme HQ",
    },
    {
      source: "activity",
      id: "a1",
      title: "Lunch with Bob",
      startsAt: "2026-12-06T11:00:00.000Z",
      endsAt: null,
      place: null,
    },
  ]),
  dealsWithoutNextStep: section([
    { id: "d1", title: "Acme renewal", stage: "Proposal", amount: { amount: "1500.00", currency: "EUR" } },
  ]),
  birthdays: section([{ id: "c1", name: "Vera Petrova", birthday: "1990-12-06" }]),
  ...over,
});

/** A response the test releases when it wants (to see the optimistic state first). */
function deferred() {
  let release: (response: Response) => void = () => undefined;
  const promise = new Promise<Response>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

const routes = (extra: Record<string, Parameters<typeof installFakeFetch>[0][string]> = {}) => ({
  "GET /api/v1/me": () => json(adminUser),
  "GET /api/v1/my-day": () => json(myDay()),
  "GET /api/v1/tasks": () => json({ items: [], nextCursor: null, total: null }),
  ...extra,
});

const sectionNamed = (name: string) => screen.getByRole("region", { name });

afterEach(() => {
  notifications.clean();
});

describe("My day", () => {
  it("shows the server's sections: overdue, today, meetings, deals without a next step, birthdays", async () => {
    const fake = installFakeFetch(routes());
    renderApp("/my-day");
    expect(await screen.findByText("Send the offer", {}, slow)).toBeInTheDocument();

    expect(within(sectionNamed("Overdue")).getByRole("link", { name: "Send the offer" })).toHaveAttribute(
      "href",
      "/tasks/t1",
    );
    const today = sectionNamed("Today");
    expect(within(today).getByText("Call Ann")).toBeInTheDocument();
    expect(within(today).getByRole("button", { name: "Log call" })).toBeInTheDocument();
    const meetings = sectionNamed("Meetings today");
    const demo = within(meetings).getAllByTestId("my-day-meeting")[0] as HTMLElement;
    expect(demo).toHaveTextContent("Demo at Acme");
    expect(demo).toHaveTextContent("Acme HQ");
    expect(within(demo).getByRole("checkbox", { name: "Complete “Demo at Acme”" })).toBeInTheDocument();
    // A logged meeting activity is shown, but there is nothing to complete or move.
    const lunch = within(meetings).getAllByTestId("my-day-meeting")[1] as HTMLElement;
    expect(lunch).toHaveTextContent("Lunch with Bob");
    expect(within(lunch).queryByRole("link")).toBeNull();
    expect(within(demo).getByRole("link", { name: "Demo at Acme" })).toHaveAttribute("href", "/tasks/t3");
    expect(within(lunch).queryByRole("checkbox")).toBeNull();
    const deals = sectionNamed("Deals without a next step");
    expect(within(deals).getByRole("link", { name: "Acme renewal" })).toHaveAttribute("href", "/deals/d1");
    expect(deals).toHaveTextContent("Proposal");
    expect(deals).toHaveTextContent("1,500.00");
    expect(
      within(sectionNamed("Birthdays today")).getByRole("link", { name: "Vera Petrova" }),
    ).toHaveAttribute("href", "/contacts/c1");

    // One request computes the day on the server; nothing is rebuilt from record lists in the browser.
    expect(fake.callsTo("GET /api/v1/my-day")).toHaveLength(1);
    expect(fake.callsTo("GET /api/v1/deals")).toHaveLength(0);
    expect(fake.callsTo("GET /api/v1/contacts")).toHaveLength(0);
  });

  it("shows '20 of 57' when a section holds only the first items, and '+' when the count is capped", async () => {
    const many = Array.from({ length: 20 }, (_, i) => task(`o${i}`, `Overdue ${i}`, { overdue: true }));
    installFakeFetch(
      routes({
        "GET /api/v1/my-day": () =>
          json(
            myDay({
              overdue: section(many, 57),
              today: section(
                many.map((t, i) => ({ ...t, id: `d${i}`, title: `Today ${i}` })),
                1000,
                true,
              ),
              birthdays: section([], 0),
            }),
          ),
      }),
    );
    renderApp("/my-day");
    await screen.findByText("Overdue 0", {}, slow);
    await waitFor(() =>
      expect(within(sectionNamed("Overdue")).getByTestId("section-count")).toHaveTextContent("20 of 57"),
    );
    expect(within(sectionNamed("Today")).getByTestId("section-count")).toHaveTextContent("20 of 1,000+");
    expect(within(sectionNamed("Meetings today")).getByTestId("section-count")).toHaveTextContent(/^2$/);
    expect(within(sectionNamed("Birthdays today")).queryByTestId("section-count")).toBeNull();
  });

  it("completes a task at once and puts it back with the translated reason when the server refuses (409)", async () => {
    const answer = deferred();
    const fake = installFakeFetch(routes({ "POST /api/v1/tasks/t1/complete": () => answer.promise }));
    renderApp("/my-day");
    const overdue = await waitFor(() => {
      const region = sectionNamed("Overdue");
      expect(region).toHaveTextContent("Send the offer");
      return region;
    }, slow);

    await userEvent.click(within(overdue).getByRole("checkbox", { name: "Complete “Send the offer”" }));
    // Optimistic: gone before the server has answered.
    await waitFor(() => expect(sectionNamed("Overdue")).not.toHaveTextContent("Send the offer"));
    expect(sectionNamed("Overdue")).toHaveTextContent("Nothing overdue. Nice!");
    expect(fake.callsTo("POST /api/v1/tasks/t1/complete")).toHaveLength(1);

    answer.release(problem(409, "task_not_open"));
    expect(await screen.findByText(i18n.t("errors.task_not_open"))).toBeInTheDocument();
    await waitFor(() => expect(sectionNamed("Overdue")).toHaveTextContent("Send the offer"));
  });

  it("rolls a completed task back on a server error (500)", async () => {
    installFakeFetch(routes({ "POST /api/v1/tasks/t2/complete": () => problem(500, "internal_error") }));
    renderApp("/my-day");
    await screen.findByText("Call Ann", {}, slow);
    await userEvent.click(screen.getByRole("checkbox", { name: "Complete “Call Ann”" }));
    expect(await screen.findByText("That did not work")).toBeInTheDocument();
    expect(screen.getByText(i18n.t("errors.internal_error"))).toBeInTheDocument();
    expect(within(sectionNamed("Today")).getByText("Call Ann")).toBeInTheDocument();
  });

  it("keeps a completed task gone once the server confirms and reloads the day", async () => {
    const days = [json(myDay()), json(myDay({ overdue: section([]) }))];
    const fake = installFakeFetch(
      routes({
        "GET /api/v1/my-day": [() => days[0] as Response, () => days[1] as Response],
        "POST /api/v1/tasks/t1/complete": () => json(task("t1", "Send the offer", { status: "done" })),
      }),
    );
    renderApp("/my-day");
    await screen.findByText("Send the offer", {}, slow);
    await userEvent.click(screen.getByRole("checkbox", { name: "Complete “Send the offer”" }));
    await waitFor(() => expect(fake.callsTo("GET /api/v1/my-day")).toHaveLength(2));
    expect(sectionNamed("Overdue")).toHaveTextContent("Nothing overdue. Nice!");
  });

  it("reschedules a meeting task to tomorrow in one click, keeping its time", async () => {
    const fake = installFakeFetch(
      routes({
        "POST /api/v1/tasks/t3/reschedule": () => json(task("t3", "Demo at Acme", { type: "meeting" })),
      }),
    );
    renderApp("/my-day");
    await screen.findByText("Demo at Acme", {}, slow);
    await userEvent.click(screen.getByRole("button", { name: "Reschedule “Demo at Acme”" }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Tomorrow" }));
    expect(await screen.findByText("Task rescheduled.")).toBeInTheDocument();
    const body = fake.callsTo("POST /api/v1/tasks/t3/reschedule")[0]?.body as { dueAt: string };
    const due = new Date(body.dueAt);
    const start = new Date("2026-12-06T13:00:00.000Z");
    expect([due.getHours(), due.getMinutes()]).toEqual([start.getHours(), start.getMinutes()]);
    // Tomorrow in the user's zone, not the machine's: from 23:00 UTC it is already the next day in Belgrade.
    const dayIn = (d: Date) => d.toLocaleDateString("en-CA", { timeZone: adminUser.timeZone });
    const tomorrow = new Date(`${dayIn(new Date())}T12:00:00Z`);
    tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
    expect(dayIn(due)).toBe(tomorrow.toISOString().slice(0, 10));
  });

  it("shows a translated error when the day cannot be loaded", async () => {
    installFakeFetch(routes({ "GET /api/v1/my-day": () => problem(403, "permission_denied") }));
    renderApp("/my-day");
    const alert = await screen.findByText(i18n.t("errors.permission_denied"), {}, slow);
    expect(alert.closest("[role=alert]")).not.toBeNull();
    expect(screen.queryByText("permission_denied")).toBeNull();
  });

  it("shows whom a task or meeting is about, linked, and the number to call, formatted and unbroken", async () => {
    const about = [
      { entity: "contacts", id: "c9", title: "Ivan Petrov" },
      { entity: "companies", id: "co9", title: "Romashka" },
      { entity: "deals", id: "d9", title: "Pilot" },
    ];
    const phone = { raw: "8 916 123 45 67", e164: "+79161234567", entity: "contacts", id: "c9" };
    installFakeFetch(
      routes({
        "GET /api/v1/my-day": () =>
          json(
            myDay({
              today: section([
                task("t2", "Call Ann", { type: "call", about, phone }),
                task("t4", "Tidy the desk", { about: [], phone: null }),
              ]),
              meetings: section([
                {
                  source: "task",
                  id: "t3",
                  title: "Demo at Acme",
                  startsAt: "2026-12-06T13:00:00.000Z",
                  endsAt: null,
                  place: null,
                  about: [{ entity: "companies", id: "co1", title: "Acme" }],
                  phone: {
                    raw: "+381 11 1234567",
                    e164: "+381111234567",
                    extension: "12",
                    entity: "companies",
                    id: "co1",
                  },
                },
              ]),
            }),
          ),
      }),
    );
    renderApp("/my-day");
    await screen.findByText("Call Ann", {}, slow);
    const [call, tidy] = within(sectionNamed("Today")).getAllByTestId("my-day-task") as [
      HTMLElement,
      HTMLElement,
    ];
    expect(within(call).getByRole("link", { name: "Ivan Petrov" })).toHaveAttribute("href", "/contacts/c9");
    expect(within(call).getByRole("link", { name: "Romashka" })).toHaveAttribute("href", "/companies/co9");
    expect(within(call).getByRole("link", { name: "Pilot" })).toHaveAttribute("href", "/deals/d9");
    const dial = within(call).getByRole("link", { name: "Call Ivan Petrov: +7 916 123-45-67" });
    expect(dial).toHaveAttribute("href", "tel:+79161234567");
    expect(dial).toHaveTextContent("+7 916 123-45-67");
    expect(dial).toHaveStyle({ whiteSpace: "nowrap" });
    // A task about no readable record shows nothing extra (no empty line, no dead link).
    expect(within(tidy).queryByTestId("task-about")).toBeNull();
    expect(within(tidy).getAllByRole("link")).toHaveLength(1);

    const meeting = within(sectionNamed("Meetings today")).getByTestId("my-day-meeting");
    expect(within(meeting).getByRole("link", { name: "Acme" })).toHaveAttribute("href", "/companies/co1");
    const meetingDial = within(meeting).getByRole("link", { name: /^Call Acme/ });
    expect(meetingDial).toHaveAttribute("href", "tel:+381111234567;ext=12");
    expect(meetingDial).toHaveTextContent("+381 11 123 4567 ext. 12");
  });

  it("names the phone in the interface language (Russian)", async () => {
    await i18n.changeLanguage("ru");
    try {
      installFakeFetch(
        routes({
          "GET /api/v1/me": () => json({ ...adminUser, language: "ru" }),
          "GET /api/v1/my-day": () =>
            json(
              myDay({
                today: section([
                  task("t2", "Позвонить", {
                    type: "call",
                    about: [],
                    phone: {
                      raw: "+7 701 555 1234",
                      e164: "+77015551234",
                      extension: "5",
                      entity: "companies",
                      id: "x",
                    },
                  }),
                ]),
              }),
            ),
        }),
      );
      renderApp("/my-day");
      await screen.findByText("Позвонить", {}, slow);
      const dial = screen.getByRole("link", { name: "Позвонить: +7 701 555-12-34 доб. 5" });
      expect(dial).toHaveAttribute("href", "tel:+77015551234;ext=5");
    } finally {
      await i18n.changeLanguage("en");
    }
  });
});
