import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import type { paths } from "../../../api/schema";
import type { JsonBody } from "../../../api/types";

export type Calendar = JsonBody<paths["/api/v1/business-calendar"]["get"]["responses"][200]>;
export type CalendarDate = Calendar["dates"][number];
export type DateInput = {
  day: string;
  kind: CalendarDate["kind"];
  name: string | null;
  start: string | null;
  end: string | null;
};

export const calendarQuery = queryOptions({
  queryKey: ["settings", "business-calendar"],
  queryFn: () => unwrap(api.GET("/api/v1/business-calendar", { params: { query: {} } })),
});

export const saveWeek = (body: { timeZone: string | null; week: Calendar["week"] }) =>
  unwrap(api.PUT("/api/v1/business-calendar", { body }));

export const saveDates = (dates: DateInput[], replaceYears: number[] = []) =>
  unwrap(api.POST("/api/v1/business-calendar/dates", { body: { dates, replaceYears } }));

export const deleteDate = (day: string) =>
  unwrap(api.DELETE("/api/v1/business-calendar/dates/{day}", { params: { path: { day } } }));

export const PRESET_COUNTRIES = ["RU", "KZ", "RS"] as const;
export type PresetCountry = (typeof PRESET_COUNTRIES)[number];

export const fetchPreset = (country: PresetCountry, year: number) =>
  unwrap(
    api.GET("/api/v1/business-calendar/presets/{country}", {
      params: { path: { country }, query: { year } },
    }),
  );
