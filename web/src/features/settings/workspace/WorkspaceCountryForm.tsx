import { Select } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { countryOptions } from "../../../ui/countries";
import { workspaceCountryQuery } from "../api";
import { SettingsFormCard } from "../SettingsFormCard";
import { useSettingsForm } from "../useSettingsForm";

type WorkspaceCountry = { country: string | null };

/** The workspace's country: the default country of imported phone numbers written without a country code. */
export function WorkspaceCountryForm() {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const countries = useMemo(() => countryOptions(language), [language]);
  const form = useForm<WorkspaceCountry>({ initialValues: { country: null } });
  const state = useSettingsForm(workspaceCountryQuery, form, (values) =>
    unwrap(api.PUT("/api/v1/settings/workspace-country", { body: values })),
  );
  return (
    <SettingsFormCard
      title={t("settings.workspaceCountry.title")}
      hint={t("settings.workspaceCountry.hint")}
      state={state}
    >
      <Select
        label={t("settings.workspaceCountry.label")}
        placeholder={t("settings.workspaceCountry.none")}
        data={countries}
        searchable
        clearable
        maw={360}
        {...form.getInputProps("country")}
      />
    </SettingsFormCard>
  );
}
