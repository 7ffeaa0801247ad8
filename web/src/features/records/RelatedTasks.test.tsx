import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { i18n } from "../../i18n";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { adminUser } from "../../test/render";
import { renderInRouter } from "../../ui/table/testing";
import { RelatedTasks } from "./RelatedTasks";

const slow = { timeout: 20_000 };
const CONTACT = "00000000-0000-4000-8000-0000000000c1";
const task = (id: string, title: string, over: object) => ({
  id,
  title,
  status: "open",
  overdue: false,
  ...over,
});

afterEach(async () => {
  await i18n.changeLanguage("en");
});

describe("tasks on a record", { timeout: 60_000 }, () => {
  it("lists each task with when it is due, in the user's time zone and language", async () => {
    await i18n.changeLanguage("ru");
    const fake = installFakeFetch({
      "GET /api/v1/me": () => json({ ...adminUser, language: "ru", timeZone: "Europe/Moscow" }),
      "GET /api/v1/tasks": () =>
        json({
          items: [
            task("00000000-0000-4000-8000-0000000000t1", "Позвонить", { dueAt: "2026-12-08T07:30:00.000Z" }),
            task("00000000-0000-4000-8000-0000000000t2", "Отправить КП", {
              dueAt: "2026-12-01",
              allDay: true,
              overdue: true,
            }),
            task("00000000-0000-4000-8000-0000000000t3", "Когда-нибудь", { dueAt: null }),
          ],
          nextCursor: null,
          total: { count: 3, capped: false },
        }),
    });
    await renderInRouter(() => <RelatedTasks entity="contacts" id={CONTACT} />);
    const call = (await screen.findByText("Позвонить", {}, slow)).closest("li") as HTMLElement;
    // 07:30 UTC is 10:30 in Moscow.
    expect(await within(call).findByText("08.12.2026 10:30", {}, slow)).toBeInTheDocument();
    const offer = screen.getByText("Отправить КП").closest("li") as HTMLElement;
    expect(within(offer).getByTestId("task-due")).toHaveTextContent("01.12.2026");
    expect(within(offer).getByText(i18n.t("tasks.overdue"))).toBeInTheDocument();
    const someday = screen.getByText("Когда-нибудь").closest("li") as HTMLElement;
    expect(within(someday).queryByTestId("task-due")).toBeNull();
    expect(fake.callsTo("GET /api/v1/tasks")[0]?.query).toContain(`linked=contacts%3A${CONTACT}`);
  });
});
