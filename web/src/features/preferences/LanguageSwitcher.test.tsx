import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { i18n } from "../../i18n";
import { LANGUAGE_STORAGE_KEY } from "../../i18n/languages";
import { installFakeFetch, json, setCookie } from "../../test/fakeFetch";
import { adminUser, renderWithProviders } from "../../test/render";
import { meQueryKey } from "../auth/api";
import { LanguageSwitcher } from "./LanguageSwitcher";

describe("LanguageSwitcher", () => {
  it("offers every language in its own name and switches the interface when signed out", async () => {
    const fake = installFakeFetch({});
    renderWithProviders(<LanguageSwitcher />);

    await userEvent.click(screen.getByRole("button", { name: "Change language (current: English)" }));
    const options = await screen.findAllByRole("menuitem");
    expect(options.map((option) => option.textContent)).toEqual([
      "English",
      "Русский",
      "Српски",
      "Srpski (latinica)",
      "Қазақша",
    ]);
    expect(screen.getByRole("menuitem", { name: "Српски" })).toHaveAttribute("lang", "sr");

    await userEvent.click(screen.getByRole("menuitem", { name: "Русский" }));

    expect(await screen.findByRole("button", { name: "Сменить язык (сейчас: Русский)" })).toBeInTheDocument();
    expect(i18n.language).toBe("ru");
    expect(document.documentElement.lang).toBe("ru");
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe("ru");
    expect(fake.calls).toHaveLength(0);
  });

  it("switches to Serbian Latin, whose texts are the Serbian ones transliterated", async () => {
    installFakeFetch({});
    renderWithProviders(<LanguageSwitcher />);
    await userEvent.click(screen.getByRole("button", { name: "Change language (current: English)" }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Srpski (latinica)" }));
    expect(i18n.language).toBe("sr-Latn");
    expect(i18n.t("nav.myDay")).toBe("Moj dan");
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe("sr-Latn");
    expect(
      await screen.findByRole("button", { name: "Promeni jezik (trenutno: Srpski (latinica))" }),
    ).toBeInTheDocument();
  });

  it("is keyboard operable", async () => {
    installFakeFetch({});
    renderWithProviders(<LanguageSwitcher />);
    await userEvent.tab();
    expect(screen.getByRole("button", { name: /Change language/ })).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    await screen.findByRole("menu");
    for (let step = 0; step < 6 && document.activeElement?.textContent !== "Қазақша"; step += 1) {
      await userEvent.keyboard("{ArrowDown}");
    }
    expect(screen.getByRole("menuitem", { name: "Қазақша" })).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(i18n.language).toBe("kk"));
  });

  it("saves the choice on the profile when signed in", async () => {
    setCookie("tandem_csrf", "abc");
    const fake = installFakeFetch({ "PATCH /api/v1/me": () => json({ ...adminUser, language: "sr" }) });
    const { queryClient } = renderWithProviders(<LanguageSwitcher />);
    queryClient.setQueryData(meQueryKey, adminUser);

    await userEvent.click(screen.getByRole("button", { name: /Change language/ }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Српски" }));

    await waitFor(() => expect(fake.callsTo("PATCH /api/v1/me")).toHaveLength(1));
    const [call] = fake.callsTo("PATCH /api/v1/me");
    expect(call?.body).toEqual({ language: "sr" });
    expect(call?.headers.get("X-CSRF-Token")).toBe("abc");
    expect(queryClient.getQueryData(meQueryKey)).toMatchObject({ language: "sr" });
  });
});
