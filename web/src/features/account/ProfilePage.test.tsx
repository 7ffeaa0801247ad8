import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Me } from "../../api/types";
import { installFakeFetch, json, noContent, problem } from "../../test/fakeFetch";
import { adminUser, renderApp } from "../../test/render";

const slow = { timeout: 20_000 };
const me: Me = { ...adminUser, name: "Ada Admin", phone: null, position: null, notifyByEmail: true };

async function section(name: string) {
  return screen.findByRole("region", { name }, slow);
}

describe("my profile", { timeout: 40_000 }, () => {
  it("is reachable from the user menu", async () => {
    installFakeFetch({ "GET /api/v1/me": () => json(me) });
    const { router } = renderApp("/my-day");
    await userEvent.click(await screen.findByRole("button", { name: "Account menu" }, slow));
    await userEvent.click(await screen.findByRole("menuitem", { name: "My profile" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/profile"));
    expect(await screen.findByRole("heading", { name: "My profile" }, slow)).toBeInTheDocument();
  });

  it("saves only the changed details and shows them", async () => {
    const fake = installFakeFetch({
      "GET /api/v1/me": () => json(me),
      "PATCH /api/v1/me": async (request) => json({ ...me, ...((await request.json()) as object) }),
    });
    renderApp("/profile");
    const details = await section("Personal details");
    await userEvent.type(within(details).getByLabelText("Phone"), "+381 64 123 4567");
    await userEvent.type(within(details).getByLabelText("Position"), "Sales lead");
    await userEvent.click(within(details).getByRole("switch", { name: /Email me copies/ }));
    await userEvent.click(within(details).getByRole("button", { name: "Save profile" }));
    await waitFor(() => expect(fake.callsTo("PATCH /api/v1/me")).toHaveLength(1));
    expect(fake.callsTo("PATCH /api/v1/me")[0]?.body).toEqual({
      phone: "+381 64 123 4567",
      position: "Sales lead",
      notifyByEmail: false,
    });
    expect(await screen.findByText("Your profile has been saved.")).toBeInTheDocument();
  });

  it("shows the server's field errors next to the fields and does not send an empty name", async () => {
    const fake = installFakeFetch({
      "GET /api/v1/me": () => json(me),
      "PATCH /api/v1/me": () =>
        problem(422, "validation_failed", {
          errors: [{ field: "body.timeZone", message: "Use an IANA time zone.", code: "custom" }],
        }),
    });
    renderApp("/profile");
    const details = await section("Personal details");
    const name = within(details).getByLabelText(/Name/);
    await userEvent.clear(name);
    await userEvent.click(within(details).getByRole("button", { name: "Save profile" }));
    await waitFor(() => expect(name).toHaveAccessibleDescription("This field is required"));
    expect(fake.callsTo("PATCH /api/v1/me")).toHaveLength(0);
    await userEvent.type(name, "Ada Lovelace");
    await userEvent.click(within(details).getByRole("button", { name: "Save profile" }));
    expect(await within(details).findByText("Use an IANA time zone.")).toBeInTheDocument();
  });

  it("changes the email with the current password; a wrong password is shown next to that field", async () => {
    const fake = installFakeFetch({
      "GET /api/v1/me": () => json(me),
      "PATCH /api/v1/me/email": [
        () =>
          problem(422, "validation_failed", {
            errors: [
              { field: "currentPassword", message: "The password is incorrect.", code: "invalid_password" },
            ],
          }),
        () => json({ ...me, email: "ada@new.example" }),
      ],
    });
    renderApp("/profile");
    const email = await section("Sign-in email");
    await userEvent.type(within(email).getByLabelText(/New email/), "ada@new.example");
    const password = within(email).getByLabelText(/Current password/);
    await userEvent.type(password, "wrong");
    await userEvent.click(within(email).getByRole("button", { name: "Change email" }));
    await waitFor(() => expect(password).toHaveAccessibleDescription("The password is incorrect."));
    await userEvent.clear(password);
    await userEvent.type(password, "right-password");
    await userEvent.click(within(email).getByRole("button", { name: "Change email" }));
    expect(await screen.findByText("Your email is now ada@new.example.")).toBeInTheDocument();
    expect(fake.callsTo("PATCH /api/v1/me/email")[1]?.body).toEqual({
      email: "ada@new.example",
      currentPassword: "right-password",
    });
  });

  it("changes the password; a wrong current password is shown next to that field", async () => {
    const fake = installFakeFetch({
      "GET /api/v1/me": () => json(me),
      "POST /api/v1/auth/change-password": [
        () =>
          problem(422, "validation_failed", {
            errors: [
              { field: "currentPassword", message: "The password is incorrect.", code: "invalid_password" },
            ],
          }),
        () => noContent(),
      ],
    });
    renderApp("/profile");
    const section_ = await section("Password");
    const current = within(section_).getByLabelText(/Current password/);
    await userEvent.type(current, "wrong");
    await userEvent.type(within(section_).getByLabelText(/^New password/), "a-long-new-passphrase");
    await userEvent.type(within(section_).getByLabelText(/Repeat new password/), "a-long-new-passphrase");
    await userEvent.click(within(section_).getByRole("button", { name: "Change password" }));
    await waitFor(() =>
      expect(within(section_).getByLabelText(/Current password/)).toHaveAccessibleDescription(
        "The password is incorrect.",
      ),
    );
    await userEvent.clear(within(section_).getByLabelText(/Current password/));
    await userEvent.type(within(section_).getByLabelText(/Current password/), "right");
    await userEvent.click(within(section_).getByRole("button", { name: "Change password" }));
    expect(await screen.findByText("Your password has been changed.")).toBeInTheDocument();
    expect(fake.callsTo("POST /api/v1/auth/change-password")[1]?.body).toEqual({
      currentPassword: "right",
      newPassword: "a-long-new-passphrase",
    });
  });

  it("uploads a photo as the raw file, shows a refusal from the server and removes the photo", async () => {
    let avatarUrl: string | null = null;
    const fake = installFakeFetch({
      "GET /api/v1/me": () => json({ ...me, avatarUrl }),
      "PUT /api/v1/me/avatar": [
        () => problem(422, "unsupported_file", { detail: "The photo must be a PNG, JPEG or WebP image." }),
        () => {
          avatarUrl = `/api/v1/users/${me.id}/avatar?v=abcdef12`;
          return json({ avatarUrl });
        },
      ],
      "DELETE /api/v1/me/avatar": () => {
        avatarUrl = null;
        return noContent();
      },
    });
    const { container } = renderApp("/profile");
    await section("Personal details");
    const input = container.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input) throw new Error("no file input");
    const photo = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], "me.png", { type: "image/png" });
    await userEvent.upload(input, photo);
    await waitFor(() =>
      expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toContain("PUT /api/v1/me/avatar"),
    );
    expect(await screen.findByText("This file type is not supported.", {}, slow)).toBeInTheDocument();
    const sent = fake.callsTo("PUT /api/v1/me/avatar")[0];
    expect(sent?.headers.get("Content-Type")).toBe("image/png");

    await userEvent.upload(input, photo);
    expect(await screen.findByText("The photo has been saved.", {}, slow)).toBeInTheDocument();
    expect(await screen.findByRole("button", { name: "Replace photo" }, slow)).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Remove" }));
    expect(await screen.findByText("The photo has been removed.", {}, slow)).toBeInTheDocument();
    expect(fake.callsTo("DELETE /api/v1/me/avatar")).toHaveLength(1);
  });

  it("refuses a photo over 1 MB without sending it", async () => {
    const fake = installFakeFetch({ "GET /api/v1/me": () => json(me) });
    const { container } = renderApp("/profile");
    await section("Personal details");
    const input = container.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input) throw new Error("no file input");
    const big = new File([new Uint8Array(1024 * 1024 + 1)], "big.jpg", { type: "image/jpeg" });
    await userEvent.upload(input, big);
    expect(await screen.findByText("The photo is larger than 1 MB.", {}, slow)).toBeInTheDocument();
    expect(fake.callsTo("PUT /api/v1/me/avatar")).toHaveLength(0);
  });
});
