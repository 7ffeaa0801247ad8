import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { i18n } from "../../i18n";
import { renderWithProviders } from "../../test/render";
import { DateField } from "./DateField";

function Harness({ initial = null, birthday }: { initial?: string | null; birthday?: boolean }) {
  const [value, setValue] = useState<string | null>(initial);
  return (
    <>
      <DateField label="Дата рождения" value={value} onChange={setValue} birthday={birthday} />
      <output data-testid="value">{String(value)}</output>
    </>
  );
}

const value = () => screen.getByTestId("value").textContent;

afterEach(async () => {
  await i18n.changeLanguage("en");
});

describe("a date typed in Russian", { timeout: 30_000 }, () => {
  it("12.03.1985 is 12 March 1985, never 3 December", async () => {
    await i18n.changeLanguage("ru");
    renderWithProviders(<Harness birthday />);
    await userEvent.type(screen.getByRole("textbox", { name: "Дата рождения" }), "12.03.1985");
    expect(value()).toBe("1985-03-12");
    await userEvent.clear(screen.getByRole("textbox", { name: "Дата рождения" }));
    await userEvent.type(screen.getByRole("textbox", { name: "Дата рождения" }), "12/03/85");
    expect(value()).toBe("1985-03-12");
  });

  it("refuses what is not a date with a message, and the form gets the text, not a guess", async () => {
    await i18n.changeLanguage("ru");
    renderWithProviders(<Harness initial="2020-01-01" />);
    const input = screen.getByRole("textbox", { name: "Дата рождения" });
    expect(input).toHaveValue("01.01.2020");
    await userEvent.clear(input);
    await userEvent.type(input, "03.13.1985");
    await userEvent.tab();
    expect(value()).toBe("03.13.1985");
    expect(
      screen.getByText("Похоже на другой порядок дня и месяца. Введите в виде ДД.ММ.ГГГГ."),
    ).toBeInTheDocument();
    await userEvent.clear(input);
    await userEvent.type(input, "31.02.2026");
    await userEvent.tab();
    expect(screen.getByText("Это не дата. Введите в виде ДД.ММ.ГГГГ.")).toBeInTheDocument();
  });

  it("opens a calendar in Russian with Monday first, at the value", async () => {
    await i18n.changeLanguage("ru");
    renderWithProviders(<Harness initial="1985-03-12" />);
    await userEvent.click(screen.getByRole("button", { name: "Открыть календарь" }));
    expect(await screen.findByText("март 1985", { exact: false })).toBeInTheDocument();
    const weekdays = screen.getAllByRole("columnheader").map((th) => th.textContent?.toLowerCase());
    expect(weekdays.slice(0, 2)).toEqual(["пн", "вт"]);
    await userEvent.click(screen.getByRole("button", { name: "20 марта 1985" }));
    expect(value()).toBe("1985-03-20");
    expect(screen.getByRole("textbox", { name: "Дата рождения" })).toHaveValue("20.03.1985");
  });

  it("an empty birthday opens at decades to jump to the year", async () => {
    await i18n.changeLanguage("kk");
    renderWithProviders(<Harness birthday />);
    await userEvent.click(screen.getByRole("button", { name: "Күнтізбені ашу" }));
    const year = new Date().getFullYear() - 30;
    expect(await screen.findByRole("button", { name: String(year) })).toBeInTheDocument();
  });
});

describe("date-picker styles", () => {
  it("are imported wherever @mantine/dates is (lazy chunks get their CSS)", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) files.push(path);
      }
    };
    walk(join(__dirname, "..", ".."));
    const users = files.filter((f) => /from "@mantine\/dates"/.test(readFileSync(f, "utf8")));
    expect(users.length).toBeGreaterThan(0);
    for (const file of users) {
      expect(readFileSync(file, "utf8"), file).toContain('import "@mantine/dates/styles.css"');
    }
  });
});
