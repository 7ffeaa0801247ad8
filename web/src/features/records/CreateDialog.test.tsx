import { TextInput } from "@mantine/core";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderWithProviders } from "../../test/render";
import { CreateDialog } from "./CreateDialog";

function dialog(onClose: () => void) {
  return renderWithProviders(
    <CreateDialog
      opened
      title="New company"
      onClose={onClose}
      onSubmit={() => undefined}
      submitting={false}
      alert={null}
    >
      <TextInput label="Name" />
    </CreateDialog>,
  );
}

describe("CreateDialog: a half-filled form is not discarded without asking", { timeout: 20_000 }, () => {
  it("closes at once while nothing was typed", async () => {
    const onClose = vi.fn();
    dialog(onClose);
    await userEvent.click(await screen.findByRole("button", { name: "Cancel" }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it("Esc after typing asks; 'Keep editing' keeps the input, 'Discard' closes", async () => {
    const onClose = vi.fn();
    dialog(onClose);
    const name = await screen.findByRole("textbox", { name: "Name" });
    await userEvent.type(name, "Acme");
    await userEvent.keyboard("{Escape}");
    expect(await screen.findByText("Discard what you typed?")).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: "Keep editing" }));
    await waitFor(() => expect(screen.queryByText("Discard what you typed?")).not.toBeInTheDocument());
    expect(screen.getByRole("textbox", { name: "Name" })).toHaveValue("Acme");

    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    await userEvent.click(await screen.findByRole("button", { name: "Discard" }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
