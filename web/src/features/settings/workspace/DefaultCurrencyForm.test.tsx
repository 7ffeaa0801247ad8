import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json, problem } from "../../../test/fakeFetch";
import { renderWithProviders } from "../../../test/render";
import { DefaultCurrencyForm } from "./DefaultCurrencyForm";

const URL = "/api/v1/settings/default-currency";
const slow = { timeout: 20_000 };
const visible = (label: string) =>
  screen.getAllByLabelText(label).find((input) => input.getAttribute("type") !== "hidden") as HTMLElement;

async function pick(currency: string) {
  await userEvent.click(visible("Currency"));
  await userEvent.click(await screen.findByRole("option", { name: currency }));
  await userEvent.click(screen.getByRole("button", { name: "Save" }));
}

describe("default currency", { timeout: 40_000 }, () => {
  it("saves another currency and hands it to the deal form's query", async () => {
    let stored = "RUB";
    const net = installFakeFetch({
      [`GET ${URL}`]: () => json({ currency: stored }),
      [`PUT ${URL}`]: async (request) => {
        stored = ((await request.json()) as { currency: string }).currency;
        return json({ currency: stored });
      },
    });
    const { queryClient } = renderWithProviders(<DefaultCurrencyForm />);
    expect(await screen.findByText("Default currency", {}, slow)).toBeInTheDocument();
    await waitFor(() => expect(visible("Currency")).toHaveValue("RUB"), slow);
    await pick("KZT");
    await waitFor(() => expect(net.callsTo(`PUT ${URL}`)[0]?.body).toEqual({ currency: "KZT" }));
    expect(await screen.findByText("Saved")).toBeInTheDocument();
    // The deal and price forms read this key: it holds the new value and was refetched (invalidated).
    expect(queryClient.getQueryData(["settings", "default-currency"])).toEqual({ currency: "KZT" });
    await waitFor(() => expect(net.callsTo(`GET ${URL}`).length).toBe(2));
    expect(visible("Currency")).toHaveValue("KZT");
  });

  it("offers a stored currency the deal form does not list", async () => {
    installFakeFetch({ [`GET ${URL}`]: () => json({ currency: "GBP" }) });
    renderWithProviders(<DefaultCurrencyForm />);
    await waitFor(() => expect(visible("Currency")).toHaveValue("GBP"), slow);
    await userEvent.click(visible("Currency"));
    for (const code of ["GBP", "RUB", "RSD", "KZT", "EUR", "USD"])
      expect(await screen.findByRole("option", { name: code })).toBeInTheDocument();
  });

  it("puts the server's field error next to the field and keeps the value", async () => {
    installFakeFetch({
      [`GET ${URL}`]: () => json({ currency: "EUR" }),
      [`PUT ${URL}`]: () =>
        problem(422, "validation_failed", {
          errors: [{ field: "body.currency", message: "Not a currency (server)", code: "custom_rule" }],
        }),
    });
    renderWithProviders(<DefaultCurrencyForm />);
    await waitFor(() => expect(visible("Currency")).toHaveValue("EUR"), slow);
    await pick("RSD");
    await waitFor(() => expect(visible("Currency")).toHaveAttribute("aria-invalid", "true"));
    expect(visible("Currency")).toHaveAccessibleDescription(/Not a currency \(server\)/);
    expect(visible("Currency")).toHaveValue("RSD");
  });

  it("shows a refusal of a non-admin and keeps the value", async () => {
    installFakeFetch({
      [`GET ${URL}`]: () => json({ currency: "EUR" }),
      [`PUT ${URL}`]: () => problem(403, "forbidden"),
    });
    renderWithProviders(<DefaultCurrencyForm />);
    await waitFor(() => expect(visible("Currency")).toHaveValue("EUR"), slow);
    await pick("USD");
    expect(await screen.findByRole("alert")).toBeInTheDocument();
    expect(visible("Currency")).toHaveValue("USD");
  });
});
