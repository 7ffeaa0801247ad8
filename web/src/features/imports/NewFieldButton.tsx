import { Button, Text } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { problemMessage } from "../../ui/problemMessages";
import { meQueryOptions } from "../auth";
import { invalidateFieldQueries } from "../records";
import { customFieldsQuery, hasAdminPermission, keyForLabel } from "../settings";
import type { ImportEntity, NewFieldType } from "./types";

interface NewFieldButtonProps {
  importId: string;
  entity: ImportEntity;
  header: string;
  type: NewFieldType;
  /** Called with the import key of the new field (`custom.<key>`) once the preview lists it. */
  onCreated: (fieldKey: string) => void;
}

/**
 * One click from an unmapped column to a new custom field named after its header, of the type its values fit
 * (the preview's `newFieldTypes`); shown to users who may manage custom fields.
 */
export function NewFieldButton({ importId, entity, header, type, onCreated }: NewFieldButtonProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const me = useQuery(meQueryOptions);
  const allowed = me.data ? hasAdminPermission(me.data, "customFields.manage") : false;
  const definitions = useQuery({ ...customFieldsQuery(entity), enabled: allowed });
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/custom-fields", {
          body: {
            entity,
            key: keyForLabel(
              header,
              (definitions.data ?? []).map((d) => d.key),
            ),
            label: header.trim().slice(0, 200) || t("importWizard.newFieldUnnamed"),
            type,
          },
        }),
      ),
    onSuccess: async (field) => {
      setError(null);
      await Promise.all([
        invalidateFieldQueries(queryClient, entity),
        queryClient.invalidateQueries({ queryKey: ["imports", importId, "preview"] }),
      ]);
      onCreated(`custom.${field.key}`);
    },
    onError: (cause) => setError(problemMessage(t, cause)),
  });
  if (!allowed) return null;
  return (
    <>
      <Button
        size="compact-xs"
        variant="subtle"
        leftSection={<IconPlus size={14} aria-hidden />}
        loading={create.isPending}
        disabled={!definitions.data}
        onClick={() => create.mutate()}
        aria-label={t("importWizard.newFieldFor", { column: header })}
      >
        {t("importWizard.newField", { type: t(`settings.fields.types.${type}`) })}
      </Button>
      {error ? (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      ) : null}
    </>
  );
}
