import { z } from "zod";
import { PRESET_COUNTRIES } from "./presets.js";

const time = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "Use HH:MM (00:00–24:00).")
  .describe("Local time HH:MM");

const day = z.iso.date().describe("YYYY-MM-DD");

export const weekDaySchema = z.strictObject({
  weekday: z.number().int().min(1).max(7).describe("ISO weekday: 1 = Monday … 7 = Sunday"),
  start: time,
  end: time,
});

export const calendarDateSchema = z.strictObject({
  day,
  kind: z
    .enum(["holiday", "workday"])
    .describe("holiday: a day off; workday: a working day (a weekend day moved to work, or a shortened day)"),
  name: z.string().trim().max(200).nullable().default(null),
  start: time.nullable().default(null).describe("A working day's own hours; null: the usual hours"),
  end: time.nullable().default(null),
});

export const calendarSchema = z.object({
  configured: z
    .boolean()
    .describe("false until an administrator saved the calendar (Mon–Fri 09:00–18:00 applies)"),
  timeZone: z.string().nullable().describe("IANA zone of the calendar; null: each person's own time zone"),
  week: z
    .array(weekDaySchema.extend({}))
    .describe("Working weekdays and their hours; absent weekdays are days off"),
  dates: z.array(
    calendarDateSchema.extend({ name: z.string().nullable(), start: time.nullable(), end: time.nullable() }),
  ),
});

export const calendarQuery = z.strictObject({
  year: z.coerce.number().int().min(1970).max(2200).optional().describe("Only this year's dates"),
});

export const weekBody = z.strictObject({
  timeZone: z.string().max(64).nullable(),
  week: z.array(weekDaySchema).max(7),
});

export const datesBody = z.strictObject({
  dates: z.array(calendarDateSchema).max(1000),
  replaceYears: z
    .array(z.number().int().min(1970).max(2200))
    .max(10)
    .default([])
    .describe("Delete these years' dates first (an imported official list replaces the year's)"),
});

export const dayParams = z.strictObject({ day });

export const presetParams = z.strictObject({ country: z.enum(PRESET_COUNTRIES).describe("RU, KZ or RS") });
export const presetQuery = z.strictObject({ year: z.coerce.number().int().min(1970).max(2200) });
export const presetSchema = z.object({
  country: z.enum(PRESET_COUNTRIES),
  year: z.number().int(),
  holidays: z.array(
    z.object({
      day,
      key: z.string().describe("The holiday (texts under settings.calendar.holidays.<key>)"),
      carriedFrom: day.nullable().describe("A day off carried over from this holiday on a weekend"),
    }),
  ),
  manual: z
    .array(z.string())
    .describe("What the rules cannot give and the administrator adds: `decreeTransfers`, `kurbanAit`"),
});

export type Calendar = z.infer<typeof calendarSchema>;
export type WeekBody = z.infer<typeof weekBody>;
export type DatesBody = z.infer<typeof datesBody>;
