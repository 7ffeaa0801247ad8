import { PasswordInput } from "@mantine/core";
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { i18n } from "../i18n";
import { renderWithProviders } from "../test/render";

describe("Mantine's own controls in the interface language", () => {
  it("names the password visibility toggle in Russian", async () => {
    await i18n.changeLanguage("ru");
    renderWithProviders(<PasswordInput label="Пароль" />);
    expect(screen.getByRole("button", { name: "Показать пароль" })).toBeInTheDocument();
    await i18n.changeLanguage("en");
  });
});
