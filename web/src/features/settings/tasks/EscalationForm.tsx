import { Button, Card, Group, NumberInput, Stack, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { queryOptions } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import type { paths } from "../../../api/schema";
import { FormAlert } from "../../../ui/FormAlert";
import { RowsSkeleton } from "../common";
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
  const { settings, save, alert, submit } = useSettingsForm(escalationQuery, form, (values) =>
    unwrap(api.PUT("/api/v1/settings/escalation", { body: values })),
  );
  return (
    <Card withBorder padding="md">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={4}>{t("settings.escalation.title")}</Title>
          <Text size="sm" c="dimmed">
            {t("settings.escalation.hint")}
          </Text>
          <FormAlert message={alert} />
          {settings.isPending ? (
            <RowsSkeleton rows={1} height={60} />
          ) : (
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
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!settings.data}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
