import type { TFunction } from "i18next";
import { typedDate } from "../../../ui/dates/parse";
import type { CalendarDate, DateInput } from "./api";

interface PresetHoliday {
  day: string;
  key: string;
  carriedFrom: string | null;
}

/**
 * A country's holidays as dates to add: named in the admin's language (a carried-over day says from which
 * holiday), leaving out the days the calendar already has (the admin's own entries win).
 */
export function presetDates(
  holidays: readonly PresetHoliday[],
  existing: readonly CalendarDate[],
  t: TFunction,
  language: string,
): DateInput[] {
  const taken = new Set(existing.map((d) => d.day));
  return holidays
    .filter((h) => !taken.has(h.day))
    .map((h) => {
      const name = t(`settings.calendar.holidays.${h.key}`, { defaultValue: h.key });
      return {
        day: h.day,
        kind: "holiday" as const,
        name: h.carriedFrom
          ? t("settings.calendar.carriedOver", { name, date: typedDate(h.carriedFrom, language) })
          : name,
        start: null,
        end: null,
      };
    });
}
