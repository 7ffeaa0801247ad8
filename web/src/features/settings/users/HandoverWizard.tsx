import { Alert, Button, Group, List, Modal, Stack, Stepper, Text, Textarea } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { isApiError } from "../../../api/problem";
import { FormAlert } from "../../../ui/FormAlert";
import { problemMessage } from "../../../ui/problemMessages";
import { type AdminUser, adminUsersQuery, type DeactivateResult, teamsQuery } from "../api";
import { entityLabel, RowsSkeleton, settingsFieldMessage, settingsProblemMessage } from "../common";
import { HandoverTargets } from "./HandoverTargets";
import {
  entitiesToHandOver,
  type HandoverChoices,
  planFieldErrors,
  toDeactivateBody,
  validateChoices,
} from "./handoverModel";
import { teamOptions, userOptions } from "./options";

/** Deactivate a user and hand their records over: plan → targets → confirm → result. */
export function HandoverWizard({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [step, setStep] = useState(0);
  const [choices, setChoices] = useState<HandoverChoices>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [reason, setReason] = useState("");
  const [alert, setAlert] = useState<string | null>(null);
  const [result, setResult] = useState<DeactivateResult | null>(null);
  const plan = useQuery({
    queryKey: ["settings", "users", user.id, "handover-plan"],
    queryFn: () => unwrap(api.GET("/api/v1/users/{id}/handover-plan", { params: { path: { id: user.id } } })),
  });
  const users = useQuery(adminUsersQuery);
  const teams = useQuery(teamsQuery);
  const entities = entitiesToHandOver(plan.data);
  const labelOf = new Map(
    (plan.data?.entities ?? []).map((entry) => [entry.entity, entityLabel(t, entry.entity, entry.label)]),
  );

  const deactivate = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/users/{id}/deactivate", {
          params: { path: { id: user.id } },
          body: toDeactivateBody(entities, choices, reason),
        }),
      ),
    onSuccess: (data) => {
      setResult(data);
      setStep(3);
      void queryClient.invalidateQueries({ queryKey: ["settings", "users"] });
      void queryClient.invalidateQueries({ queryKey: ["directory", "users"] });
    },
    onError: (error) => {
      const fieldErrors = isApiError(error) ? planFieldErrors(error.fieldErrors) : {};
      const entries = Object.entries(fieldErrors);
      if (entries.length > 0) {
        setErrors(Object.fromEntries(entries.map(([entity, p]) => [entity, settingsFieldMessage(t, p)])));
        setAlert(t("settings.handover.fixTargets"));
        setStep(1);
        return;
      }
      setAlert(settingsProblemMessage(t, error));
    },
  });

  const next = () => {
    setAlert(null);
    if (step === 1) {
      const found = validateChoices(entities, choices);
      setErrors(found);
      if (Object.keys(found).length > 0) return;
    }
    setStep((current) => current + 1);
  };

  return (
    <Modal opened onClose={onClose} size="lg" title={t("settings.handover.title", { name: user.name })}>
      <Stack gap="md">
        <Stepper active={step} size="sm" allowNextStepsSelect={false}>
          <Stepper.Step label={t("settings.handover.stepPlan")}>
            {plan.isPending && <RowsSkeleton rows={3} />}
            {plan.isError && <FormAlert message={problemMessage(t, plan.error)} />}
            {plan.data && entities.length === 0 && (
              <Text size="sm">{t("settings.handover.nothingOwned")}</Text>
            )}
            {entities.length > 0 && (
              <List spacing={4} size="sm">
                {entities.map((entry) => (
                  <List.Item key={entry.entity}>
                    {entityLabel(t, entry.entity, entry.label)}:{" "}
                    {t("settings.handover.records", { count: entry.count })}
                  </List.Item>
                ))}
              </List>
            )}
          </Stepper.Step>
          <Stepper.Step label={t("settings.handover.stepTargets")}>
            {entities.length === 0 ? (
              <Text size="sm">{t("settings.handover.nothingOwned")}</Text>
            ) : (
              <HandoverTargets
                entities={entities}
                choices={choices}
                errors={errors}
                users={userOptions(users.data, user.id)}
                teams={teamOptions(teams.data)}
                onChange={(entity, choice) => {
                  setChoices((current) => ({ ...current, [entity]: choice }));
                  setErrors(({ [entity]: _removed, ...rest }) => rest);
                }}
              />
            )}
          </Stepper.Step>
          <Stepper.Step label={t("settings.handover.stepConfirm")}>
            <Stack gap="sm">
              <Alert color="orange" variant="light">
                {t("settings.handover.confirmText", { name: user.name })}
              </Alert>
              <Textarea
                label={t("settings.handover.reason")}
                value={reason}
                onChange={(event) => setReason(event.currentTarget.value)}
                minRows={2}
                maxLength={1000}
              />
            </Stack>
          </Stepper.Step>
          <Stepper.Completed>
            {result && (
              <Stack gap="xs">
                <Alert color="green" variant="light">
                  {t("settings.handover.done", { name: user.name })}
                </Alert>
                <List size="sm" spacing={4}>
                  {Object.entries(result.transferred).map(([entity, count]) => (
                    <List.Item key={entity}>
                      {labelOf.get(entity) ?? entity}: {t("settings.handover.records", { count })}
                    </List.Item>
                  ))}
                  <List.Item>
                    {t("settings.handover.sessionsRevoked", { count: result.sessionsRevoked })}
                  </List.Item>
                  <List.Item>
                    {t("settings.handover.tokensRevoked", { count: result.tokensRevoked })}
                  </List.Item>
                </List>
              </Stack>
            )}
          </Stepper.Completed>
        </Stepper>
        <FormAlert message={alert} />
        <Group justify="space-between">
          {step > 0 && step < 3 ? (
            <Button variant="default" onClick={() => setStep(step - 1)}>
              {t("common.back")}
            </Button>
          ) : (
            <span />
          )}
          {step < 2 && (
            <Button onClick={next} disabled={!plan.data}>
              {t("common.continue")}
            </Button>
          )}
          {step === 2 && (
            <Button color="red" loading={deactivate.isPending} onClick={() => deactivate.mutate()}>
              {t("settings.handover.confirm")}
            </Button>
          )}
          {step === 3 && <Button onClick={onClose}>{t("common.close")}</Button>}
        </Group>
      </Stack>
    </Modal>
  );
}
