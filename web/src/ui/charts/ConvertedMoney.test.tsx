import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { i18n } from "../../i18n";
import { formatMoney } from "../../i18n/format";
import { renderWithProviders } from "../../test/render";
import type { WidgetResult } from "./types";
import { WidgetTable } from "./WidgetTable";

/** The deal-size widget as the server answers it: every currency together first, converted to RUB. */
const result: WidgetResult = {
  columns: [
    { key: "currency", type: "enum" },
    { key: "won", type: "number" },
    { key: "average", type: "money", currencyKey: "currency" },
    { key: "averageConverted", type: "money", currencyKey: "workspaceCurrency" },
    { key: "workspaceCurrency", type: "string", hidden: true },
  ],
  rows: [
    { currency: null, won: 4, average: null, averageConverted: "3500.00", workspaceCurrency: "RUB" },
    { currency: "USD", won: 2, average: "55.00", averageConverted: "5000.00", workspaceCurrency: "RUB" },
    { currency: "KZT", won: 1, average: "1000.00", averageConverted: null, workspaceCurrency: "RUB" },
  ],
  chart: { type: "bar", x: "currency", y: ["averageConverted"] },
  asOf: "2026-12-01T00:00:00Z",
  exact: true,
  notices: [{ code: "missing_rates", params: { currencies: "KZT", currency: "RUB" } }],
};

afterEach(async () => {
  await i18n.changeLanguage("en");
});

describe("money converted to the workspace currency", () => {
  it.each([
    ["en", "All currencies", "Average, in the workspace currency"],
    ["ru", "Все валюты", "Среднее, в валюте рабочего пространства"],
  ])("names the row of every currency and shows converted sums in RUB (%s)", async (lng, all, header) => {
    await i18n.changeLanguage(lng);
    renderWithProviders(<WidgetTable result={result} />);
    await screen.findByText(all);
    expect(screen.getByText(header)).toBeInTheDocument();
    // Intl's own spaces (no-break, narrow no-break) read as plain ones.
    const plain = (x: string) => x.replace(/\s/gu, " ");
    const cells = screen.getAllByRole("cell").map((c) => plain(c.textContent ?? ""));
    expect(cells).toEqual([
      all,
      "4",
      "—",
      plain(formatMoney("3500.00", "RUB", lng)),
      "USD",
      "2",
      plain(formatMoney("55.00", "USD", lng)),
      plain(formatMoney("5000.00", "RUB", lng)),
      "KZT",
      "1",
      plain(formatMoney("1000.00", "KZT", lng)),
      "—",
    ]);
    expect(screen.queryByText("workspaceCurrency")).toBeNull();
    const notice = i18n.t("analytics.notices.missing_rates", { currencies: "KZT", currency: "RUB" });
    expect(notice).toMatch(/KZT.*RUB/);
  });
});
