import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { i18n } from "../../../i18n";
import { installFakeFetch, json, noContent, problem } from "../../../test/fakeFetch";
import { adminUser, renderWithProviders } from "../../../test/render";
import { ExchangeRatesCard } from "./ExchangeRatesCard";

const slow = { timeout: 20_000 };
const LIST = "GET /api/v1/exchange-rates";
const rate = (currency: string, effectiveOn: string, value: string) => ({
  currency,
  effectiveOn,
  rate: value,
  updatedAt: "2026-01-01T00:00:00Z",
  updatedBy: null,
});

function serve(extra: Parameters<typeof installFakeFetch>[0] = {}) {
  return installFakeFetch({
    "GET /api/v1/me": () => json(adminUser),
    [LIST]: (request) =>
      new URL(request.url).searchParams.get("cursor") === "next"
        ? json({ baseCurrency: "RUB", items: [rate("USD", "2025-01-01", "80")], nextCursor: null })
        : json({
            baseCurrency: "RUB",
            items: [rate("USD", "2099-01-01", "95"), rate("USD", "2026-01-01", "90.5")],
            nextCursor: "next",
          }),
    ...extra,
  });
}

const visible = (label: string) =>
  screen.getAllByLabelText(label).find((input) => input.getAttribute("type") !== "hidden") as HTMLElement;

async function pickCurrency(label: string, code: string) {
  await userEvent.click(visible(label));
  await userEvent.type(visible(label), code);
  await userEvent.click(await screen.findByRole("option", { name: code }));
}

afterEach(async () => {
  await i18n.changeLanguage("en");
});

describe("exchange rates settings", { timeout: 60_000 }, () => {
  it("lists the history in the user's language and adds a rate typed the Russian way", async () => {
    await i18n.changeLanguage("ru");
    const net = serve({
      "PUT /api/v1/exchange-rates/EUR/2026-12-01": () => json(rate("EUR", "2026-12-01", "1234.5678")),
    });
    renderWithProviders(<ExchangeRatesCard />);
    const table = await screen.findByRole("table", { name: "Курсы валют" }, slow);
    const rows = within(table).getAllByTestId("rate-row");
    expect(rows[0]).toHaveTextContent("01.01.2099");
    expect(rows[0]).toHaveTextContent("запланирован");
    expect(rows[1]).toHaveTextContent("1 USD = 90,5 RUB");
    expect(rows[1]).toHaveTextContent("действует");
    await pickCurrency("Валюта", "EUR");
    const day = screen.getByRole("textbox", { name: "С даты" });
    await userEvent.clear(day);
    await userEvent.type(day, "01.12.2026");
    await userEvent.type(screen.getByRole("textbox", { name: "1 EUR в RUB" }), "1 234,5678");
    await userEvent.click(screen.getByRole("button", { name: "Добавить курс" }));
    await waitFor(
      () => expect(net.callsTo("PUT /api/v1/exchange-rates/EUR/2026-12-01")).toHaveLength(1),
      slow,
    );
    expect(net.callsTo("PUT /api/v1/exchange-rates/EUR/2026-12-01")[0]?.body).toEqual({ rate: "1234.5678" });
    await waitFor(() => expect(net.callsTo(LIST).length).toBe(2));
    // The currency stays for the next day's rate; the rate is typed anew.
    await waitFor(() => expect(screen.getByRole("textbox", { name: "1 EUR в RUB" })).toHaveValue(""));
    // Earlier history comes page by page.
    await userEvent.click(screen.getByRole("button", { name: "Показать более ранние курсы" }));
    expect(await screen.findByText("01.01.2025")).toBeInTheDocument();
    expect(within(table).getAllByTestId("rate-row")).toHaveLength(3);
  });

  it("refuses a rate it cannot read, zero or with too many decimals, and sends nothing", async () => {
    await i18n.changeLanguage("ru");
    const net = serve();
    renderWithProviders(<ExchangeRatesCard />);
    await screen.findByRole("table", {}, slow);
    await pickCurrency("Валюта", "KZT");
    const input = screen.getByRole("textbox", { name: "1 KZT в RUB" });
    await userEvent.type(input, "0,12345678901");
    await userEvent.tab();
    expect(await screen.findByText("Не больше 10 знаков после запятой.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Добавить курс" }));
    await userEvent.clear(input);
    await userEvent.type(input, "0,00");
    await userEvent.click(screen.getByRole("button", { name: "Добавить курс" }));
    expect(await screen.findByText("Введите курс больше нуля.")).toBeInTheDocument();
    expect(net.calls.filter((c) => c.method !== "GET")).toHaveLength(0);
  });

  it("edits a day's rate, shows the server's refusal next to the rate, and deletes with a confirmation", async () => {
    const net = serve({
      "PUT /api/v1/exchange-rates/USD/2026-01-01": [
        () =>
          problem(422, "validation_failed", {
            errors: [{ field: "body.rate", message: "x", code: "invalid_format" }],
          }),
        () => json(rate("USD", "2026-01-01", "91.25")),
      ],
      "DELETE /api/v1/exchange-rates/USD/2099-01-01": () => noContent(),
    });
    renderWithProviders(<ExchangeRatesCard />);
    await screen.findByRole("table", {}, slow);
    await userEvent.click(screen.getByRole("button", { name: "Edit 1 USD = 90.5 RUB, 2026-01-01" }));
    const input = screen.getByRole("textbox", { name: "1 USD in RUB" });
    await waitFor(() => expect(input).toHaveValue("90.5"));
    expect(visible("Currency")).toBeDisabled();
    await userEvent.clear(input);
    await userEvent.type(input, "91.25");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(screen.getByRole("textbox", { name: "1 USD in RUB" })).toHaveAttribute("aria-invalid", "true"),
    );
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(net.callsTo("PUT /api/v1/exchange-rates/USD/2026-01-01")).toHaveLength(2));
    expect(net.callsTo("PUT /api/v1/exchange-rates/USD/2026-01-01")[1]?.body).toEqual({ rate: "91.25" });
    await userEvent.click(screen.getByRole("button", { name: "Delete 1 USD = 95 RUB, 2099-01-01" }));
    expect(net.callsTo("DELETE /api/v1/exchange-rates/USD/2099-01-01")).toHaveLength(0);
    await userEvent.click(await screen.findByRole("button", { name: "Delete" }));
    await waitFor(() => expect(net.callsTo("DELETE /api/v1/exchange-rates/USD/2099-01-01")).toHaveLength(1));
  });

  it("says why the rates cannot be shown instead of loading forever", async () => {
    serve({ [LIST]: () => problem(403, "forbidden") });
    renderWithProviders(<ExchangeRatesCard />);
    expect(await screen.findByRole("alert", {}, slow)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Add rate" })).not.toBeInTheDocument();
  });

  it("saves a pasted table all at once once every row reads", async () => {
    const net = serve({
      "POST /api/v1/exchange-rates/import": () => json({ items: [] }),
    });
    renderWithProviders(<ExchangeRatesCard />);
    await screen.findByRole("table", {}, slow);
    await userEvent.click(screen.getByRole("button", { name: "Paste a table of rates" }));
    // The Collapse opens on the next animation frame.
    const area = await screen.findByRole("textbox", { name: "Rates: currency, day and rate on each row" });
    await userEvent.click(area);
    await userEvent.paste("Currency\tFrom\tRate\nUSD\t12/01/2026\t92.5\nEUR\t12/01/2026\t1,234.5\nXX\t1\t2");
    expect(screen.getByText("Row 4: not a currency code, or the workspace currency.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save 2 rates" })).toBeDisabled();
    await userEvent.type(
      area,
      "{Backspace}{Backspace}{Backspace}{Backspace}{Backspace}{Backspace}{Backspace}",
    );
    await userEvent.click(screen.getByRole("button", { name: "Save 2 rates" }));
    await waitFor(() => expect(net.callsTo("POST /api/v1/exchange-rates/import")).toHaveLength(1));
    expect(net.callsTo("POST /api/v1/exchange-rates/import")[0]?.body).toEqual({
      rates: [
        { currency: "USD", effectiveOn: "2026-12-01", rate: "92.5" },
        { currency: "EUR", effectiveOn: "2026-12-01", rate: "1234.5" },
      ],
    });
  });
});
