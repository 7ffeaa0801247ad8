import { afterEach, describe, expect, it, vi } from "vitest";
import { formatRelative } from "./format";

const now = new Date("2026-12-07T12:00:00.000Z");
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const HOUR = 3600;
const DAY = 86_400;

describe("relative times in the app's own words (no browser Intl.RelativeTimeFormat)", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("does not ask the browser (Debian's Chromium answers Kazakh in English)", () => {
    vi.stubGlobal("Intl", {
      ...Intl,
      RelativeTimeFormat: class {
        constructor() {
          throw new Error("browser relative-time data used");
        }
      },
    });
    expect(formatRelative(at(-3 * DAY), "kk", now)).toBe("3 күн бұрын");
  });

  it.each([
    ["ru", -2 * HOUR, "2 часа назад"],
    ["ru", -5 * HOUR, "5 часов назад"],
    ["ru", -21 * 60, "21 минуту назад"],
    ["ru", 3 * DAY, "через 3 дня"],
    ["ru", -DAY, "вчера"],
    ["ru", 11 * 60, "через 11 минут"],
    ["kk", 3 * DAY, "3 күннен кейін"],
    ["kk", -2 * HOUR, "2 сағат бұрын"],
    ["kk", DAY, "ертең"],
    ["sr", -2 * HOUR, "пре 2 сата"],
    ["sr", 5 * HOUR, "за 5 сати"],
    ["sr", -DAY, "јуче"],
    ["sr-Latn", -2 * HOUR, "pre 2 sata"],
    ["sr-Latn", 2 * 7 * DAY, "za 2 nedelje"],
    ["en", -2 * HOUR, "2 hours ago"],
    ["en", 60, "in 1 minute"],
    ["en", 10, "now"],
  ])("%s %d s → %s", (language, seconds, expected) => {
    expect(formatRelative(at(seconds), language, now)).toBe(expected);
  });
});
