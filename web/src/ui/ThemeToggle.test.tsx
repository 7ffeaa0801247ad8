import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { COLOR_SCHEME_STORAGE_KEY } from "../app/theme";
import { renderWithProviders } from "../test/render";
import { ThemeToggle } from "./ThemeToggle";

describe("ThemeToggle", () => {
  it("switches between light and dark and remembers the choice", async () => {
    renderWithProviders(<ThemeToggle />);
    await userEvent.click(screen.getByRole("button", { name: "Dark theme" }));
    expect(document.documentElement).toHaveAttribute("data-mantine-color-scheme", "dark");
    expect(window.localStorage.getItem(COLOR_SCHEME_STORAGE_KEY)).toBe("dark");
    await userEvent.click(screen.getByRole("button", { name: "Light theme" }));
    expect(window.localStorage.getItem(COLOR_SCHEME_STORAGE_KEY)).toBe("light");
  });
});
