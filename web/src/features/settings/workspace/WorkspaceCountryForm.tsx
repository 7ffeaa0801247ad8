import { Button, Card, Group, Select, Stack, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { FormAlert } from "../../../ui/FormAlert";
import { countryOptions } from "../../imports/countries";
import { workspaceCountryQuery } from "../api";
import { RowsSkeleton } from "../common";
import { useSettingsForm } from "../useSettingsForm";

type WorkspaceCountry = { country: string | null };

/** The workspace's country: the default country of imported phone numbers written without a country code. */
export function WorkspaceCountryForm() {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const countries = useMemo(() => countryOptions(language), [language]);
  const form = useForm<WorkspaceCountry>({ initialValues: { country: null } });
  const { settings, save, alert, submit } = useSettingsForm(workspaceCountryQuery, form, (values) =>
    unwrap(api.PUT("/api/v1/settings/workspace-country", { body: values })),
  );
  return (
    <Card withBorder padding="md">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={4}>{t("settings.workspaceCountry.title")}</Title>
          <Text size="sm" c="dimmed">
            {t("settings.workspaceCountry.hint")}
          </Text>
          <FormAlert message={alert} />
          {settings.isPending ? (
            <RowsSkeleton rows={1} height={36} />
          ) : (
            <Select
              label={t("settings.workspaceCountry.label")}
              placeholder={t("settings.workspaceCountry.none")}
              data={countries}
              searchable
              clearable
              maw={360}
              {...form.getInputProps("country")}
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
