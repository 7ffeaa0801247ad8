import { Button, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { describe, expect, it } from "vitest";
import { api, unwrap } from "../api/client";
import { ApiError } from "../api/problem";
import { i18n } from "../i18n";
import { installFakeFetch, problem } from "../test/fakeFetch";
import { renderWithProviders } from "../test/render";
import { FormAlert } from "./FormAlert";
import { applyProblemToForm, normalizeFieldPath } from "./formErrors";

/** A small form posting to a real API path, so the whole response → field chain is exercised. */
function InviteForm() {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ mode: "uncontrolled", initialValues: { name: "", password: "" } });
  const submit = form.onSubmit(async (values) => {
    try {
      await unwrap(api.POST("/api/v1/invitations/accept", { body: { token: "tkn", ...values } }));
    } catch (error) {
      setFormError(applyProblemToForm(form, error, t));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <FormAlert message={formError} />
      <TextInput label={t("auth.invitation.name")} key={form.key("name")} {...form.getInputProps("name")} />
      <TextInput label={t("auth.password")} key={form.key("password")} {...form.getInputProps("password")} />
      <Button type="submit">{t("auth.invitation.submit")}</Button>
    </form>
  );
}

const validationProblem = (errors: { field: string; message: string; code?: string }[]) =>
  problem(422, "validation_failed", { title: "Validation failed", errors });

describe("problem+json → form field errors", () => {
  it("shows translated messages next to the matching fields and the rest above the form", async () => {
    installFakeFetch({
      "POST /api/v1/invitations/accept": () =>
        validationProblem([
          { field: "password", message: "Password too weak (server)", code: "weak_password" },
          { field: "body.name", message: "Name is required (server)", code: "some_unknown_code" },
          { field: "token", message: "Invitation expired (server)", code: "token_expired" },
        ]),
    });
    renderWithProviders(<InviteForm />);
    await userEvent.click(screen.getByRole("button", { name: "Create account" }));

    const password = screen.getByLabelText("Password");
    expect(await screen.findByText(/This password is too weak/)).toBeInTheDocument();
    expect(password).toHaveAttribute("aria-invalid", "true");
    expect(password).toHaveAccessibleDescription(/This password is too weak/);
    // Unknown code: the server's message is shown as is.
    expect(screen.getByLabelText("Your name")).toHaveAccessibleDescription("Name is required (server)");
    // A field the form does not have ends up in the form-level alert.
    expect(screen.getByRole("alert")).toHaveTextContent("This link has expired. Request a new one.");
  });

  it("uses the current language for the translated messages", async () => {
    await i18n.changeLanguage("ru");
    installFakeFetch({
      "POST /api/v1/invitations/accept": () =>
        validationProblem([{ field: "password", message: "weak", code: "weak_password" }]),
    });
    renderWithProviders(<InviteForm />);
    await userEvent.click(screen.getByRole("button", { name: "Создать учётную запись" }));
    expect(await screen.findByText(/Слишком простой пароль/)).toBeInTheDocument();
  });

  it("returns a translated general message when there are no field errors", () => {
    const errors: Record<string, string> = {};
    const form = {
      getValues: () => ({ email: "" }),
      setFieldError: (path: string, message: string) => {
        errors[path] = message;
      },
    };
    const error = new ApiError({
      type: "about:blank",
      title: "Unauthorized",
      status: 401,
      code: "invalid_credentials",
    });
    expect(applyProblemToForm(form, error, i18n.t)).toBe("Incorrect email or password.");
    expect(applyProblemToForm(form, new Error("boom"), i18n.t)).toBe(
      "Something went wrong. Please try again.",
    );
    expect(errors).toEqual({});
  });

  it("puts every server field code, translated, next to nested and custom fields", async () => {
    await i18n.changeLanguage("sr");
    const errors: Record<string, string> = {};
    const form = {
      getValues: () => ({ name: "", phones: [{ raw: "123" }], custom: {} }),
      setFieldError: (path: string, message: string) => {
        errors[path] = message;
      },
    };
    const error = new ApiError({
      type: "about:blank",
      title: "Unprocessable Content",
      status: 422,
      code: "validation_failed",
      errors: [
        { field: "phones[0].raw", message: "Not a valid phone number.", code: "invalid_phone" },
        { field: "custom.vip", message: "Another record already has this value.", code: "not_unique" },
        {
          field: "body.name",
          message: "Too small: expected string to have >=1 characters",
          code: "too_small",
        },
        { field: "phones[3].raw", message: "Not a valid phone number.", code: "invalid_phone" },
        {
          field: "ownerId",
          message: "Your role may not make this user the owner.",
          code: "owner_not_allowed",
        },
      ],
    });
    expect(applyProblemToForm(form, error, i18n.t)).toBe(
      "Неисправан број телефона. Ваша улога не може да постави овог корисника за одговорног.",
    );
    expect(errors).toEqual({
      "phones.0.raw": "Неисправан број телефона.",
      "custom.vip": "Други запис већ има ову вредност.",
      name: "Вредност је прекратка или премала.",
    });
    await i18n.changeLanguage("en");
  });

  it("normalises JSON-pointer and bracket paths", () => {
    expect(normalizeFieldPath("/contacts/0/email")).toBe("contacts.0.email");
    expect(normalizeFieldPath("body.items[2].name")).toBe("items.2.name");
  });
});
