import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, noContent, problem } from "../../test/fakeFetch";
import { renderWithProviders } from "../../test/render";
import { ChangePasswordForm } from "./ChangePasswordForm";

const slow = { timeout: 10_000 };

describe("changing the password", { timeout: 30_000 }, () => {
  it("shows why a weak password is refused next to the new password", async () => {
    const net = installFakeFetch({
      "POST /api/v1/auth/change-password": [
        () =>
          problem(422, "validation_failed", {
            errors: [
              {
                field: "newPassword",
                message: "This is similar to a commonly used password.",
                code: "password_weak_common",
              },
            ],
          }),
        () => noContent(),
      ],
    });
    let done = false;
    renderWithProviders(<ChangePasswordForm currentPassword="old-one" onSuccess={() => (done = true)} />);
    const fresh = await screen.findByLabelText(/^New password/, {}, slow);
    await userEvent.type(fresh, "password1234");
    await userEvent.type(screen.getByLabelText(/^Repeat new password/), "password1234");
    await userEvent.click(screen.getByRole("button", { name: "Change password" }));
    await waitFor(() => expect(fresh).toHaveAccessibleDescription(/widely used; choose something else/));
    await userEvent.clear(fresh);
    await userEvent.type(fresh, "velvet-Tundra-quietly-07-ferns");
    const confirm = screen.getByLabelText(/^Repeat new password/);
    await userEvent.clear(confirm);
    await userEvent.type(confirm, "velvet-Tundra-quietly-07-ferns");
    await userEvent.click(screen.getByRole("button", { name: "Change password" }));
    await waitFor(() => expect(done).toBe(true));
    expect(net.callsTo("POST /api/v1/auth/change-password")).toHaveLength(2);
  });
});
