import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { i18n } from "../../i18n";
import { installFakeFetch, json, type RecordedCall } from "../../test/fakeFetch";
import { adminUser, renderWithProviders } from "../../test/render";
import { CreateDealButton } from "../records/CreateButtons";

const slow = { timeout: 20_000 };
const contactId = "00000000-0000-4000-8000-00000000c0c1";
const companyId = "00000000-0000-4000-8000-00000000c0a1";

function serve(currency: string) {
  return installFakeFetch({
    "GET /api/v1/me": () => json({ ...adminUser, language: "ru" }),
    "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/pipelines": () => json({ items: [] }),
    "GET /api/v1/custom-fields/meta/deals": () => json({ items: [] }),
    "GET /api/v1/custom-fields": () => json({ items: [] }),
    "GET /api/v1/settings/default-currency": () => json({ currency }),
    [`GET /api/v1/contacts/${contactId}`]: () =>
      json({
        id: contactId,
        name: "Иван Петров",
        companies: [
          { companyId: "00000000-0000-4000-8000-00000000c0a0", name: "Старая", role: null, isPrimary: false },
          { companyId, name: "Ромашка", role: null, isPrimary: true },
        ],
      }),
    [`GET /api/v1/companies/${companyId}`]: () => json({ id: companyId, name: "Ромашка" }),
    "POST /api/v1/deals": () => json({ id: "00000000-0000-4000-8000-00000000d0d1" }, 201),
  });
}

const posted = (calls: RecordedCall[]) =>
  calls.find((c) => c.method === "POST" && c.path === "/api/v1/deals")?.body as Record<string, unknown>;

afterEach(async () => {
  await i18n.changeLanguage("en");
});

describe("new deal from a contact, in Russian", { timeout: 60_000 }, () => {
  it("prefills the contact's company and the workspace currency; takes 1 250 000,50 and 31.12.2026", async () => {
    await i18n.changeLanguage("ru");
    const fake = serve("RUB");
    renderWithProviders(<CreateDealButton contactId={contactId} />);
    await userEvent.click(await screen.findByRole("button", { name: "Новая сделка" }, slow));
    const dialog = await screen.findByRole("dialog", { name: "Новая сделка" }, slow);
    await waitFor(
      () => expect(within(dialog).getAllByLabelText("Валюта")[0] as HTMLElement).toHaveValue("RUB"),
      slow,
    );
    await userEvent.type(within(dialog).getByRole("textbox", { name: /Название/ }), "Поставка");
    const amount = within(dialog).getByRole("textbox", { name: "Сумма" });
    await userEvent.type(amount, "1 250 000,50");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Дата закрытия" }), "31.12.2026");
    await userEvent.tab();
    await waitFor(() =>
      expect(fake.calls.some((c) => c.path === `/api/v1/contacts/${contactId}`)).toBe(true),
    );
    await userEvent.click(within(dialog).getByRole("button", { name: "Создать" }));
    await waitFor(() => expect(posted(fake.calls)).toBeDefined(), slow);
    expect(posted(fake.calls)).toMatchObject({
      title: "Поставка",
      contactId,
      companyId,
      amount: "1250000.50",
      currency: "RUB",
      expectedCloseDate: "2026-12-31",
    });
  });

  it("refuses an amount it cannot read, with a message, and sends nothing", async () => {
    await i18n.changeLanguage("ru");
    const fake = serve("KZT");
    renderWithProviders(<CreateDealButton />);
    await userEvent.click(await screen.findByRole("button", { name: "Новая сделка" }, slow));
    const dialog = await screen.findByRole("dialog", { name: "Новая сделка" }, slow);
    await waitFor(
      () => expect(within(dialog).getAllByLabelText("Валюта")[0] as HTMLElement).toHaveValue("KZT"),
      slow,
    );
    await userEvent.type(within(dialog).getByRole("textbox", { name: /Название/ }), "Поставка");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Сумма" }), "1,2,3");
    await userEvent.tab();
    expect(within(dialog).getByText("Это не сумма. Введите, например, 1 250 000,50.")).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Создать" }));
    expect(posted(fake.calls)).toBeUndefined();
  });
});
