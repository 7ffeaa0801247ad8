import { Button, Checkbox, Group, Radio, Select, Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ImportOptions } from "./types";

interface OptionsStepProps {
  options: ImportOptions;
  pending: boolean;
  onChange: (options: ImportOptions) => void;
  onBack: () => void;
  onDryRun: () => void;
}

export function OptionsStep({ options, pending, onChange, onBack, onDryRun }: OptionsStepProps) {
  const { t } = useTranslation();
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
        data={(["email", "phone", "taxId", "name"] as const).map((value) => ({
          value,
          label: t(`importWizard.match.${value}`),
        }))}
        value={options.matchKey}
        onChange={(value) => value && onChange({ ...options, matchKey: value as ImportOptions["matchKey"] })}
        allowDeselect={false}
        maw={280}
      />
      <Checkbox
        label={t("importWizard.skipInvalid")}
        checked={options.skipInvalidRows}
        onChange={(event) => onChange({ ...options, skipInvalidRows: event.currentTarget.checked })}
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
