import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json, problem } from "../../../test/fakeFetch";
import { renderWithProviders } from "../../../test/render";
import { WorkspaceCountryForm } from "./WorkspaceCountryForm";

const slow = { timeout: 20_000 };
const visible = (label: string) =>
  screen.getAllByLabelText(label).find((input) => input.getAttribute("type") !== "hidden") as HTMLElement;

describe("workspace country", { timeout: 40_000 }, () => {
  it("shows the stored country and saves another one", async () => {
    const net = installFakeFetch({
      "GET /api/v1/settings/workspace-country": () => json({ country: "KZ" }),
      "PUT /api/v1/settings/workspace-country": async (request) => json(await request.json()),
    });
    renderWithProviders(<WorkspaceCountryForm />);
    await screen.findByText("Workspace country", {}, slow);
    await waitFor(() => expect(visible("Country")).toHaveValue("Kazakhstan (KZ)"), slow);
    await userEvent.click(visible("Country"));
    await userEvent.click(await screen.findByRole("option", { name: "Serbia (RS)" }));
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(net.callsTo("PUT /api/v1/settings/workspace-country")[0]?.body).toEqual({ country: "RS" }),
    );
    expect(await screen.findByText("Saved")).toBeInTheDocument();
  });

  it("shows a refusal and keeps the form", async () => {
    installFakeFetch({
      "GET /api/v1/settings/workspace-country": () => json({ country: null }),
      "PUT /api/v1/settings/workspace-country": () => problem(403, "forbidden"),
    });
    renderWithProviders(<WorkspaceCountryForm />);
    await waitFor(() => expect(visible("Country")).toHaveValue(""), slow);
    await userEvent.click(visible("Country"));
    await userEvent.click(await screen.findByRole("option", { name: "United States (US)" }));
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("alert")).toBeInTheDocument();
    expect(visible("Country")).toHaveValue("United States (US)");
  });
});
