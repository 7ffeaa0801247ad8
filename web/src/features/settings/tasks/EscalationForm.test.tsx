import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { i18n } from "../../../i18n";
import { installFakeFetch, json, problem } from "../../../test/fakeFetch";
import { renderWithProviders } from "../../../test/render";
import { EscalationForm } from "./EscalationForm";

const URL = "/api/v1/settings/escalation";

describe("escalation settings form", { timeout: 30_000 }, () => {
  it("shows the current value and saves a new one", async () => {
    const fake = installFakeFetch({
      [`GET ${URL}`]: () => json({ overdueDays: 2 }),
      [`PUT ${URL}`]: async (request) => json(await request.json()),
    });
    renderWithProviders(<EscalationForm />);
    const input = await screen.findByRole("textbox", { name: "Notify the head after (days overdue)" });
    await waitFor(() => expect(input).toHaveValue("2"));
    expect(screen.getByText("From 1 to 60 days")).toBeInTheDocument();
    await userEvent.clear(input);
    await userEvent.type(input, "7");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(fake.callsTo(`PUT ${URL}`)).toHaveLength(1));
    expect(fake.callsTo(`PUT ${URL}`)[0]?.body).toEqual({ overdueDays: 7 });
  });

  it("keeps the value within 1..60 and refuses an empty one before sending", async () => {
    const fake = installFakeFetch({
      [`GET ${URL}`]: () => json({ overdueDays: 5 }),
      [`PUT ${URL}`]: async (request) => json(await request.json()),
    });
    renderWithProviders(<EscalationForm />);
    const input = await screen.findByRole("textbox", { name: "Notify the head after (days overdue)" });
    await waitFor(() => expect(input).toHaveValue("5"));
    await userEvent.clear(input);
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(input).toHaveAttribute("aria-invalid", "true"));
    expect(input).toHaveAccessibleDescription(/From 1 to 60 days/);
    expect(fake.callsTo(`PUT ${URL}`)).toHaveLength(0);
    await userEvent.type(input, "75");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(fake.callsTo(`PUT ${URL}`)).toHaveLength(1));
    expect(fake.callsTo(`PUT ${URL}`)[0]?.body).toEqual({ overdueDays: 60 });
  });

  it("shows the server's per-field error on the field", async () => {
    installFakeFetch({
      [`GET ${URL}`]: () => json({ overdueDays: 2 }),
      [`PUT ${URL}`]: () =>
        problem(422, "validation_failed", {
          errors: [{ field: "body.overdueDays", message: "Not allowed here (server)", code: "custom_rule" }],
        }),
    });
    renderWithProviders(<EscalationForm />);
    const input = await screen.findByRole("textbox", { name: "Notify the head after (days overdue)" });
    await waitFor(() => expect(input).toHaveValue("2"));
    await userEvent.clear(input);
    await userEvent.type(input, "3");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(input).toHaveAttribute("aria-invalid", "true"));
    expect(input).toHaveAccessibleDescription(/Not allowed here \(server\)/);
  });

  it("is translated", async () => {
    installFakeFetch({ [`GET ${URL}`]: () => json({ overdueDays: 2 }) });
    await i18n.changeLanguage("sr");
    try {
      renderWithProviders(<EscalationForm />);
      expect(await screen.findByText("Ескалација закаснелих задатака")).toBeInTheDocument();
      expect(await screen.findByText("Од 1 до 60 дана")).toBeInTheDocument();
    } finally {
      await i18n.changeLanguage("en");
    }
  });
});
