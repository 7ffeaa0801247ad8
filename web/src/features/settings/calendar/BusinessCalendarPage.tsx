import { Alert, Stack, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { usePageTitle } from "../../../ui/usePageTitle";
import { RowsSkeleton } from "../common";
import { calendarQuery } from "./api";
import { DatesCard } from "./DatesCard";
import { HolidayPresets } from "./HolidayPresets";
import { WeekForm } from "./WeekForm";

/** Settings → Business calendar: working week, holidays and moved working days. */
export function BusinessCalendarPage() {
  const { t } = useTranslation();
  usePageTitle(t("settings.nav.calendar"));
  const calendar = useQuery(calendarQuery);
  return (
    <Stack gap="md">
      <Title order={3}>{t("settings.nav.calendar")}</Title>
      {calendar.isPending && <RowsSkeleton rows={4} height={36} />}
      {calendar.isError && <Alert color="red">{t("settings.calendar.failed")}</Alert>}
      {calendar.data && (
        <>
          <WeekForm calendar={calendar.data} />
          <HolidayPresets calendar={calendar.data} />
          <DatesCard calendar={calendar.data} />
        </>
      )}
    </Stack>
  );
}
