import { NumberInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { queryOptions } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import type { paths } from "../../../api/schema";
import { SettingsFormCard } from "../SettingsFormCard";
import { useSettingsForm } from "../useSettingsForm";

type EscalationSettings =
  paths["/api/v1/settings/escalation"]["put"]["requestBody"]["content"]["application/json"];

export const ESCALATION_DAYS = { min: 1, max: 60 } as const;

export const escalationQuery = queryOptions({
  queryKey: ["settings", "escalation"],
  queryFn: () => unwrap(api.GET("/api/v1/settings/escalation")),
});

/** After how many days an overdue task also notifies the assignee's head (`tasks.overdue-scan`). */
export function EscalationForm() {
  const { t } = useTranslation();
  const form = useForm<EscalationSettings>({
    initialValues: { overdueDays: 2 },
    validate: {
      overdueDays: (value) =>
        Number.isInteger(value) && value >= ESCALATION_DAYS.min && value <= ESCALATION_DAYS.max
          ? null
          : t("settings.escalation.overdueDaysHint", ESCALATION_DAYS),
    },
  });
  const state = useSettingsForm(escalationQuery, form, (values) =>
    unwrap(api.PUT("/api/v1/settings/escalation", { body: values })),
  );
  return (
    <SettingsFormCard
      title={t("settings.escalation.title")}
      hint={t("settings.escalation.hint")}
      state={state}
      skeletonHeight={60}
    >
      <NumberInput
        label={t("settings.escalation.overdueDays")}
        description={t("settings.escalation.overdueDaysHint", ESCALATION_DAYS)}
        min={ESCALATION_DAYS.min}
        max={ESCALATION_DAYS.max}
        allowDecimal={false}
        allowNegative={false}
        maw={320}
        {...form.getInputProps("overdueDays")}
      />
    </SettingsFormCard>
  );
}
