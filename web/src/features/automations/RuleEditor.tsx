import {
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { isApiError } from "../../api/problem";
import { FormAlert } from "../../ui/FormAlert";
import { FilterBuilder } from "../../ui/filters/FilterBuilder";
import { type BuilderGroup, fromFilter, toFilter } from "../../ui/filters/model";
import { normalizeFieldPath } from "../../ui/formErrors";
import { fieldProblemMessage } from "../../ui/problemMessages";
import { useEntities, useEntityLabel, useFields } from "../records";
import { notifyError } from "../settings";
import { type Created, catalogQuery, type Definition, type Rule, type RuleEntity } from "./api";
import { type EditorContext, isStepError, type PathError, useEditorLookups } from "./editorContext";
import { RelatedConditions } from "./RelatedConditions";
import { StepsEditor } from "./StepsEditor";
import { TriggerPicker } from "./TriggerPicker";
import { triggerVariables, VariableConditions, VariablesList } from "./VariableConditions";

/** Texts that show `{{variables}}` literally (i18next would fill them in). */
const LITERAL = { interpolation: { prefix: "[[[", suffix: "]]]" } } as const;

interface Props {
  rule: Rule | null;
  onClose: () => void;
  onSaved: (created: Created | null) => void;
}

const EMPTY: Definition = {
  trigger: { kind: "recordCreated" },
  conditions: {},
  steps: [],
  options: {
    allowSelfTrigger: false,
    cancelWaitsOnDisable: true,
    cancelWaitsOnDelete: true,
    maxRunsPerRecordPerHour: 20,
    maxChainDepth: 10,
  },
};

/** The visual editor: trigger picker, conditions (the lists' filter builder), steps with branches. */
export function RuleEditor({ rule, onClose, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const entities = useEntities();
  const label = useEntityLabel();
  const lookups = useEditorLookups();
  const [errors, setErrors] = useState<PathError[]>([]);
  const [name, setName] = useState(rule?.name ?? "");
  const [description, setDescription] = useState(rule?.description ?? "");
  const [entity, setEntity] = useState(rule?.entity ?? "deals");
  const [enabled, setEnabled] = useState(rule?.enabled ?? false);
  const [definition, setDefinition] = useState<Definition>(rule?.definition ?? EMPTY);
  const [filter, setFilter] = useState<BuilderGroup>(() =>
    fromFilter((rule?.definition.conditions.filter ?? null) as Parameters<typeof fromFilter>[0]),
  );
  const { columns } = useFields(entity as Parameters<typeof useFields>[0]);
  const catalog = useQuery(catalogQuery(entity, i18n.language));
  const ownVariables = triggerVariables(catalog.data, definition.trigger.kind);
  const ctx: EditorContext = { ...lookups, entity, ruleId: rule?.id, fields: columns, errors };
  const set = (p: Partial<Definition>) => setDefinition((d) => ({ ...d, ...p }));
  const general = errors.filter((e) => !isStepError(e)).map((e) => e.message);
  const save = useMutation({
    mutationFn: async () => {
      setErrors([]);
      const node = toFilter(filter);
      const def = {
        ...definition,
        conditions: {
          ...definition.conditions,
          filter: (node ?? undefined) as Record<string, unknown> | undefined,
          // Another trigger's variables are not this one's: conditions on them go with the trigger.
          variables: ownVariables.length > 0 ? definition.conditions.variables : undefined,
        },
      };
      if (rule) {
        await unwrap(
          api.PATCH("/api/v1/automations/{id}", {
            params: { path: { id: rule.id } },
            body: { name, description, enabled, definition: def },
          }),
        );
        return null;
      }
      return unwrap(
        api.POST("/api/v1/automations", {
          body: { entity: entity as RuleEntity, name, description, enabled, definition: def },
        }),
      );
    },
    onSuccess: (created) => onSaved(created),
    onError: (error) => {
      // Field errors stay next to what they are about (a step's, or above the buttons); others as a notice.
      if (isApiError(error) && error.fieldErrors.length > 0) {
        setErrors(
          error.fieldErrors.map((f) => ({
            path: normalizeFieldPath(f.field),
            message: fieldProblemMessage(t, f),
          })),
        );
      } else notifyError(t, error);
    },
  });
  return (
    <Modal opened onClose={onClose} size="xl" title={rule ? t("automations.edit") : t("automations.create")}>
      <Stack gap="sm">
        <TextInput
          label={t("automations.name")}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
        />
        <Textarea
          label={t("automations.descriptionLabel")}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        <Group grow>
          <Select
            label={t("automations.entity")}
            data={entities.map((e) => ({ value: e.name, label: label(e) }))}
            value={entity}
            disabled={Boolean(rule)}
            allowDeselect={false}
            onChange={(v) => v && setEntity(v)}
          />
          <Switch
            label={t("automations.enabled")}
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
            mt="lg"
          />
        </Group>
        <TriggerPicker
          value={definition.trigger}
          onChange={(trigger) => set({ trigger })}
          stages={ctx.stages}
          fields={columns}
          {...(catalog.data ? { kinds: catalog.data.triggers.map((k) => k.kind) } : {})}
        />
        <Text fw={600} fz="sm">
          {t("automations.conditions")}
        </Text>
        <FilterBuilder fields={columns} value={filter} onChange={setFilter} />
        <Checkbox
          label={t("automations.noActivity")}
          checked={Boolean(definition.conditions.noActivitySinceRunStart)}
          onChange={(e) =>
            set({
              conditions: {
                ...definition.conditions,
                noActivitySinceRunStart: e.currentTarget.checked || undefined,
              },
            })
          }
        />
        <VariableConditions
          value={ownVariables.length > 0 ? (definition.conditions.variables ?? []) : []}
          onChange={(variables) =>
            set({
              conditions: {
                ...definition.conditions,
                variables: variables.length > 0 ? variables : undefined,
              },
            })
          }
          variables={ownVariables}
          operators={catalog.data?.operators ?? {}}
          ctx={ctx}
        />
        <RelatedConditions
          value={definition.conditions.related ?? []}
          onChange={(related) =>
            set({
              conditions: { ...definition.conditions, related: related.length > 0 ? related : undefined },
            })
          }
          ctx={ctx}
        />
        <Text fw={600} fz="sm">
          {t("automations.stepsTitle")}
        </Text>
        <StepsEditor steps={definition.steps} onChange={(steps) => set({ steps })} ctx={ctx} />
        <Text fz="xs" c="dimmed">
          {t("automations.variablesHint", LITERAL)}
        </Text>
        <VariablesList variables={ownVariables} />
        <FormAlert message={general.length > 0 ? [...new Set(general)].join(" ") : null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button
            loading={save.isPending}
            onClick={() => save.mutate()}
            disabled={!name.trim() || definition.steps.length === 0}
          >
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
