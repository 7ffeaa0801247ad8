import { Button, Code, Drawer, Group, Stack, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { RecordPicker } from "../records/index.picker";
import { notifyError } from "../settings";
import type { Rule, TestResult } from "./api";

/** Test run on a chosen record: what each step would do, without doing it. */
export function TestRunDrawer({ rule, onClose }: { rule: Rule; onClose: () => void }) {
  const { t } = useTranslation();
  const [recordId, setRecordId] = useState<string | null>(null);
  const [result, setResult] = useState<TestResult | null>(null);
  const run = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/automations/{id}/test", {
          params: { path: { id: rule.id } },
          body: recordId ? { recordId } : {},
        }),
      ),
    onSuccess: setResult,
    onError: (error) => notifyError(t, error),
  });
  return (
    <Drawer
      opened
      onClose={onClose}
      position="right"
      size="lg"
      title={t("automations.testOf", { name: rule.name })}
    >
      <Stack gap="sm">
        <RecordPicker
          entity={rule.entity as never}
          value={recordId}
          onChange={setRecordId}
          label={t("automations.record")}
        />
        <Group>
          <Button onClick={() => run.mutate()} loading={run.isPending} data-testid="automation-test-run">
            {t("automations.runTest")}
          </Button>
        </Group>
        {result && (
          <Stack gap={4} data-testid="automation-test-result">
            <Text size="sm" fw={600}>
              {result.conditionsMet ? t("automations.conditionsMet") : t("automations.conditionsNotMet")}
            </Text>
            {result.steps.map((s) => (
              <Stack key={s.stepId} gap={0}>
                <Text size="sm">
                  {t(`automations.steps.${s.stepType}`, { defaultValue: s.stepType })}: {s.wouldDo}
                </Text>
                {s.detail !== null && <Code>{JSON.stringify(s.detail)}</Code>}
              </Stack>
            ))}
          </Stack>
        )}
      </Stack>
    </Drawer>
  );
}
