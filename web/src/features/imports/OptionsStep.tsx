import { Button, Checkbox, Group, Radio, Select, Stack } from "@mantine/core";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { countryOptions } from "../../ui/countries";
import type { ImportOptions } from "./types";

type InvalidRows = "skip" | "dropValue" | "stop";

/** The one "what to do with a bad cell" choice, as the server's two options. */
const INVALID_ROWS: Record<InvalidRows, Pick<ImportOptions, "skipInvalidRows" | "invalidValues">> = {
  skip: { skipInvalidRows: true, invalidValues: "rejectRow" },
  // A row whose required field is invalid cannot be imported without it: it is skipped.
  dropValue: { skipInvalidRows: true, invalidValues: "dropValue" },
  stop: { skipInvalidRows: false, invalidValues: "rejectRow" },
};

const invalidRowsOf = (options: ImportOptions): InvalidRows =>
  options.invalidValues === "dropValue" ? "dropValue" : options.skipInvalidRows ? "skip" : "stop";

type MissingCompanies = NonNullable<ImportOptions["missingCompanies"]>;

interface OptionsStepProps {
  options: ImportOptions;
  /** A contacts file with a mapped Company column: ask what to do with companies that do not exist yet. */
  companyColumn?: boolean;
  pending: boolean;
  onChange: (options: ImportOptions) => void;
  onBack: () => void;
  onDryRun: () => void;
}

export function OptionsStep({
  options,
  companyColumn = false,
  pending,
  onChange,
  onBack,
  onDryRun,
}: OptionsStepProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const countries = useMemo(() => countryOptions(language), [language]);
  return (
    <Stack gap="md">
      <Radio.Group
        label={t("importWizard.duplicates")}
        value={options.duplicatePolicy}
        onChange={(value) =>
          onChange({ ...options, duplicatePolicy: value as ImportOptions["duplicatePolicy"] })
        }
      >
        <Stack gap="xs" mt="xs">
          {(["skip", "update", "create"] as const).map((value) => (
            <Radio key={value} value={value} label={t(`importWizard.policy.${value}`)} />
          ))}
        </Stack>
      </Radio.Group>
      <Select
        label={t("importWizard.matchBy")}
        data={(["email", "phone", "taxId", "name", "externalId"] as const).map((value) => ({
          value,
          label: t(`importWizard.match.${value}`),
        }))}
        value={options.matchKey}
        onChange={(value) => value && onChange({ ...options, matchKey: value as ImportOptions["matchKey"] })}
        allowDeselect={false}
        maw={280}
      />
      {companyColumn ? (
        <Radio.Group
          label={t("importWizard.companies.label")}
          value={options.missingCompanies ?? "refuse"}
          onChange={(value) => onChange({ ...options, missingCompanies: value as MissingCompanies })}
        >
          <Stack gap="xs" mt="xs">
            {(["create", "refuse"] as const).map((value) => (
              <Radio
                key={value}
                value={value}
                label={t(`importWizard.companies.${value}`)}
                description={t(`importWizard.companies.${value}Hint`)}
              />
            ))}
          </Stack>
        </Radio.Group>
      ) : null}
      <Select
        label={t("importWizard.defaultCountry")}
        description={t("importWizard.defaultCountryHint")}
        placeholder={t("importWizard.noCountry")}
        data={countries}
        value={options.defaultCountry ?? null}
        onChange={(value) => onChange({ ...options, defaultCountry: value ?? null })}
        searchable
        clearable
        maw={360}
      />
      <Radio.Group
        label={t("importWizard.invalidRows")}
        value={invalidRowsOf(options)}
        onChange={(value) => onChange({ ...options, ...INVALID_ROWS[value as InvalidRows] })}
      >
        <Stack gap="xs" mt="xs">
          {(["skip", "dropValue", "stop"] as const).map((value) => (
            <Radio key={value} value={value} label={t(`importWizard.invalid.${value}`)} />
          ))}
        </Stack>
      </Radio.Group>
      <Checkbox
        label={t("importWizard.keepPhones")}
        description={t("importWizard.keepPhonesHint")}
        checked={options.invalidPhones === "keepAsText"}
        onChange={(event) =>
          onChange({ ...options, invalidPhones: event.currentTarget.checked ? "keepAsText" : "reject" })
        }
      />
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {t("common.back")}
        </Button>
        <Button onClick={onDryRun} loading={pending}>
          {t("importWizard.check")}
        </Button>
      </Group>
    </Stack>
  );
}
