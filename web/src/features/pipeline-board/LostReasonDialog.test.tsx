import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { renderWithProviders } from "../../test/render";
import { LostReasonDialog } from "./LostReasonDialog";

const reasons = (list: string[]) =>
  installFakeFetch({ "GET /api/v1/settings/lost-reasons": () => json({ reasons: list }) });

describe("LostReasonDialog", { timeout: 30_000 }, () => {
  it("offers the workspace's reasons and sends the chosen one", async () => {
    reasons(["Price", "Chose a competitor"]);
    const onConfirm = vi.fn();
    renderWithProviders(
      <LostReasonDialog dealTitle="Acme" onCancel={() => undefined} onConfirm={onConfirm} />,
    );
    const dialog = await screen.findByRole("dialog");
    const select = await within(dialog).findByRole("combobox", { name: /Lost reason/ });
    expect(within(dialog).queryByRole("textbox", { name: /Other reason/ })).not.toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Mark as lost" }));
    expect(await within(dialog).findByText("This field is required")).toBeInTheDocument();
    expect(onConfirm).not.toHaveBeenCalled();
    await userEvent.click(select);
    await userEvent.click(await within(dialog).findByRole("option", { name: "Chose a competitor" }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Mark as lost" }));
    await waitFor(() => expect(onConfirm).toHaveBeenCalledWith("Chose a competitor"));
  });

  it("'Other' asks for free text and sends it", async () => {
    reasons(["Price"]);
    const onConfirm = vi.fn();
    renderWithProviders(
      <LostReasonDialog dealTitle="Acme" onCancel={() => undefined} onConfirm={onConfirm} />,
    );
    const dialog = await screen.findByRole("dialog");
    await userEvent.click(await within(dialog).findByRole("combobox", { name: /Lost reason/ }));
    await userEvent.click(await within(dialog).findByRole("option", { name: "Other…" }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Mark as lost" }));
    expect(await within(dialog).findByText("This field is required")).toBeInTheDocument();
    await userEvent.type(within(dialog).getByRole("textbox", { name: /Other reason/ }), "Project frozen");
    await userEvent.click(within(dialog).getByRole("button", { name: "Mark as lost" }));
    await waitFor(() => expect(onConfirm).toHaveBeenCalledWith("Project frozen"));
  });
});
