import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Menu,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { newStep, STEP_TYPES, type Step, type StepType } from "./api";
import { CreateRecordFields } from "./CreateRecordStep";
import { type EditorContext, stepErrors } from "./editorContext";
import { AssigneeFields, MessageStepFields, RecipientFields } from "./StepPeople";
import { DateFieldSelect } from "./TriggerPicker";

/** Texts that show `{{variables}}` literally (i18next would fill them in). */
const LITERAL = { interpolation: { prefix: "[[[", suffix: "]]]" } } as const;

type AnyStep = Step & Record<string, unknown>;
const UNITS = ["minutes", "hours", "days", "businessHours", "businessDays"] as const;

interface Props {
  steps: Step[];
  onChange: (steps: Step[]) => void;
  ctx: EditorContext;
  depth?: number;
  /** Where these steps are in the definition, as the server names it in field errors. */
  path?: string;
}

/** The rule's steps in order; a branch holds its own "then" and "else" lists. */
export function StepsEditor({ steps, onChange, ctx, depth = 0, path = "definition.steps" }: Props) {
  const { t } = useTranslation();
  const set = (i: number, s: Step) => onChange(steps.map((x, j) => (j === i ? s : x)));
  const move = (i: number, d: number) => {
    const next = [...steps];
    const [s] = next.splice(i, 1);
    if (s) next.splice(i + d, 0, s);
    onChange(next);
  };
  return (
    <Stack gap="xs">
      {steps.map((step, i) => (
        <Paper key={step.id} withBorder p="xs" data-testid={`step-${step.type}`}>
          <Group justify="space-between" mb={4}>
            <Text fw={600} fz="sm">
              {i + 1}. {t(`automations.steps.${step.type}`)}
            </Text>
            <Group gap={2}>
              <ActionIcon
                variant="subtle"
                aria-label={t("automations.up")}
                disabled={i === 0}
                onClick={() => move(i, -1)}
              >
                <IconArrowUp size={14} />
              </ActionIcon>
              <ActionIcon
                variant="subtle"
                aria-label={t("automations.down")}
                disabled={i === steps.length - 1}
                onClick={() => move(i, 1)}
              >
                <IconArrowDown size={14} />
              </ActionIcon>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t("automations.removeStep")}
                onClick={() => onChange(steps.filter((_, j) => j !== i))}
              >
                <IconTrash size={14} />
              </ActionIcon>
            </Group>
          </Group>
          <StepFields
            step={step as AnyStep}
            onChange={(s) => set(i, s)}
            ctx={ctx}
            depth={depth}
            path={`${path}.${i}`}
          />
          {stepErrors(ctx.errors, `${path}.${i}`).map((message) => (
            <Text key={message} c="red" fz="sm" mt={4} role="alert">
              {message}
            </Text>
          ))}
        </Paper>
      ))}
      <Menu>
        <Menu.Target>
          <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} w="fit-content">
            {t("automations.addStep")}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {STEP_TYPES.filter((type) => type !== "branch" || depth < 3).map((type) => (
            <Menu.Item key={type} onClick={() => onChange([...steps, newStep(type as StepType)])}>
              {t(`automations.steps.${type}`)}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
    </Stack>
  );
}

function StepFields({
  step,
  onChange,
  ctx,
  depth,
  path,
}: {
  step: AnyStep;
  onChange: (s: Step) => void;
  ctx: EditorContext;
  depth: number;
  path: string;
}) {
  const { t } = useTranslation();
  const patch = (p: Record<string, unknown>) => onChange({ ...step, ...p } as Step);
  const assignee = (value: Record<string, unknown>) => (
    <AssigneeFields value={value} onChange={(v) => patch({ assignee: v })} ctx={ctx} />
  );
  switch (step.type) {
    case "createTask":
      return (
        <Stack gap={6}>
          <TextInput
            label={t("automations.taskTitle")}
            value={String(step.title)}
            onChange={(e) => patch({ title: e.currentTarget.value })}
          />
          {assignee(step.assignee as Record<string, unknown>)}
          <DurationFields
            label={t("automations.dueIn")}
            value={step.due as { amount: number; unit: string } | undefined}
            onChange={(due) => patch({ due })}
            optional
          />
        </Stack>
      );
    case "updateFields":
      return (
        <Textarea
          label={t("automations.fieldValues")}
          description={t("automations.fieldValuesHint", LITERAL)}
          autosize
          minRows={2}
          defaultValue={JSON.stringify(step.values ?? {}, null, 1)}
          onBlur={(e) => {
            try {
              patch({ values: JSON.parse(e.currentTarget.value) });
            } catch {
              // keep the last valid value; the server explains what is wrong on save
            }
          }}
        />
      );
    case "assign":
      return assignee(step.assignee as Record<string, unknown>);
    case "addTag":
    case "removeTag":
      return (
        <TextInput
          label={t("automations.tag")}
          value={String(step.tag)}
          onChange={(e) => patch({ tag: e.currentTarget.value })}
        />
      );
    case "moveStage":
      return (
        <Select
          label={t("automations.stage")}
          data={ctx.stages}
          value={String(step.stageId) || null}
          onChange={(stageId) => patch({ stageId })}
        />
      );
    case "createRecord":
      return (
        <CreateRecordFields
          step={step as unknown as Parameters<typeof CreateRecordFields>[0]["step"]}
          onChange={patch}
          ctx={ctx}
        />
      );
    case "notify":
      return (
        <Stack gap={6}>
          <RecipientFields
            value={(step.recipients as Record<string, unknown>[])[0] ?? { kind: "recordOwner" }}
            onChange={(r) => patch({ recipients: [r] })}
          />
          <Textarea
            label={t("automations.message")}
            value={String(step.message)}
            onChange={(e) => patch({ message: e.currentTarget.value })}
          />
        </Stack>
      );
    case "callWebhook":
      return (
        <Stack gap={6}>
          <TextInput
            label={t("automations.url")}
            value={String(step.url)}
            onChange={(e) => patch({ url: e.currentTarget.value })}
          />
          <Textarea
            label={t("automations.webhookBody")}
            placeholder={t("automations.webhookBodyHint", LITERAL)}
            value={String(step.body ?? "")}
            onChange={(e) => patch({ body: e.currentTarget.value || undefined })}
          />
        </Stack>
      );
    case "sendEmail":
    case "sendSms":
      return <MessageStepFields step={step} onChange={patch} ctx={ctx} />;
    case "wait": {
      const wait = step.wait as { mode: string; duration?: { amount: number; unit: string }; field?: string };
      return (
        <Stack gap={6}>
          <Select
            label={t("automations.waitMode")}
            data={["duration", "untilField", "businessHours"].map((m) => ({
              value: m,
              label: t(`automations.waitModes.${m}`),
            }))}
            value={wait.mode}
            allowDeselect={false}
            onChange={(mode) =>
              patch({
                wait:
                  mode === "duration"
                    ? { mode, duration: { amount: 1, unit: "days" } }
                    : mode === "untilField"
                      ? { mode, field: "", offsetMinutes: 0 }
                      : { mode },
              })
            }
          />
          {wait.mode === "duration" && (
            <DurationFields
              label={t("automations.waitFor")}
              value={wait.duration}
              onChange={(duration) => patch({ wait: { mode: "duration", duration } })}
            />
          )}
          {wait.mode === "untilField" && (
            <DateFieldSelect
              fields={ctx.fields}
              value={wait.field ?? ""}
              onChange={(field) => patch({ wait: { ...wait, field } })}
            />
          )}
        </Stack>
      );
    }
    case "branch": {
      const cond = (step.if ?? {}) as { noActivitySinceRunStart?: boolean; filter?: Record<string, unknown> };
      return (
        <Stack gap={6}>
          <Checkbox
            label={t("automations.noActivity")}
            checked={Boolean(cond.noActivitySinceRunStart)}
            onChange={(e) =>
              patch({ if: { ...cond, noActivitySinceRunStart: e.currentTarget.checked || undefined } })
            }
          />
          <Text fz="sm" fw={600}>
            {t("automations.then")}
          </Text>
          <StepsEditor
            steps={(step.thenSteps as Step[]) ?? []}
            onChange={(s) => patch({ thenSteps: s })}
            ctx={ctx}
            depth={depth + 1}
            path={`${path}.thenSteps`}
          />
          <Text fz="sm" fw={600}>
            {t("automations.else")}
          </Text>
          <StepsEditor
            steps={(step.elseSteps as Step[]) ?? []}
            onChange={(s) => patch({ elseSteps: s })}
            ctx={ctx}
            depth={depth + 1}
            path={`${path}.elseSteps`}
          />
        </Stack>
      );
    }
    case "startRule":
      return (
        <Select
          label={t("automations.rule")}
          data={ctx.rules.map((r) => ({ value: r.id, label: r.name }))}
          value={String(step.ruleId) || null}
          onChange={(ruleId) => patch({ ruleId })}
        />
      );
    default:
      return null;
  }
}

export function DurationFields({
  label,
  value,
  onChange,
  optional,
}: {
  label: string;
  value: { amount: number; unit: string } | undefined;
  onChange: (v: { amount: number; unit: string } | undefined) => void;
  optional?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Group grow align="flex-end">
      <NumberInput
        label={label}
        min={0}
        value={value?.amount ?? ""}
        onChange={(amount) =>
          onChange(
            amount === "" && optional
              ? undefined
              : { amount: Number(amount) || 0, unit: value?.unit ?? "days" },
          )
        }
      />
      <Select
        aria-label={t("automations.unit")}
        data={UNITS.map((u) => ({ value: u, label: t(`automations.units.${u}`) }))}
        value={value?.unit ?? "days"}
        allowDeselect={false}
        onChange={(unit) => onChange({ amount: value?.amount ?? 1, unit: unit ?? "days" })}
      />
    </Group>
  );
}
