import { Paper, Stack, Stepper, Text, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../ui/FormAlert";
import { usePageTitle } from "../../ui/usePageTitle";
import { MappingStep } from "./MappingStep";
import { OptionsStep } from "./OptionsStep";
import { CheckingStep, ResultStep, ReviewStep, RunningStep } from "./ReportSteps";
import type { ImportEntity } from "./types";
import { UploadStep } from "./UploadStep";
import { useImportWizard } from "./useImportWizard";

const route = getRouteApi("/app/import");
const VISIBLE_STEPS = ["upload", "mapping", "options", "review", "result"] as const;

export function ImportWizardPage() {
  const { t } = useTranslation();
  usePageTitle(t("importWizard.title"));
  const search = route.useSearch();
  const [entity, setEntity] = useState<ImportEntity>(search.entity ?? "contacts");
  const wizard = useImportWizard();
  const active = Math.min(
    VISIBLE_STEPS.length - 1,
    VISIBLE_STEPS.indexOf(
      wizard.step === "running" ? "result" : wizard.step === "checking" ? "review" : wizard.step,
    ),
  );

  return (
    <Stack gap="md" maw={960}>
      <Title order={1} size="h2">
        {t("importWizard.title")}
      </Title>
      <Stepper active={active} size="sm" allowNextStepsSelect={false} aria-label={t("importWizard.steps")}>
        {VISIBLE_STEPS.map((step) => (
          <Stepper.Step key={step} label={t(`importWizard.step.${step}`)} />
        ))}
      </Stepper>
      <Paper
        withBorder
        radius="md"
        p={{ base: "sm", sm: "lg" }}
        data-step={wizard.step}
        data-testid="import-wizard"
      >
        <Stack gap="md">
          {wizard.job ? (
            <Text size="sm" c="dimmed">
              {wizard.job.fileName}
            </Text>
          ) : null}
          <FormAlert message={wizard.error} />
          {wizard.step === "upload" ? (
            <UploadStep entity={entity} onEntityChange={setEntity} onUploaded={wizard.uploaded} />
          ) : null}
          {wizard.step === "mapping" && wizard.job ? (
            <MappingStep
              job={wizard.job}
              state={wizard.mapping}
              onChange={wizard.setMapping}
              onBack={wizard.restart}
              onNext={() => wizard.setStep("options")}
            />
          ) : null}
          {wizard.step === "options" ? (
            <OptionsStep
              options={wizard.options}
              companyColumn={
                wizard.job?.entity === "contacts" && Object.values(wizard.mapping.columns).includes("company")
              }
              pending={wizard.check.isPending}
              onChange={wizard.setOptions}
              onBack={() => wizard.setStep("mapping")}
              onDryRun={() => wizard.check.mutate()}
            />
          ) : null}
          {wizard.step === "checking" && wizard.job ? <CheckingStep job={wizard.job} /> : null}
          {wizard.step === "review" && wizard.job ? (
            <ReviewStep
              job={wizard.job}
              pending={wizard.run.isPending}
              onBack={() => wizard.setStep("options")}
              onRun={() => wizard.run.mutate()}
            />
          ) : null}
          {wizard.step === "running" && wizard.job ? (
            <RunningStep
              job={wizard.job}
              cancelling={wizard.revert.isPending}
              onCancel={() => wizard.revert.mutate()}
            />
          ) : null}
          {wizard.step === "result" && wizard.job ? (
            <ResultStep
              job={wizard.job}
              reverting={wizard.revert.isPending}
              onRevert={() => wizard.revert.mutate()}
              onRestart={wizard.restart}
            />
          ) : null}
        </Stack>
      </Paper>
    </Stack>
  );
}
