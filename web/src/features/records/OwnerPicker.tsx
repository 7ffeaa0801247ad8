import { Avatar, Button, Group, Modal, Select, Stack, Text, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconUserShare } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../ui/FormAlert";
import { applyProblemToForm } from "../../ui/formErrors";
import { useTableEnv } from "../../ui/table/TableEnv";
import { type AnyRecord, type EntityName, reassign } from "./api";
import { DeniedButton } from "./DeniedButton";
import { may, useEntity } from "./entities";
import { useDeniedReason } from "./recordPermissions";
import { useAssignableUsers } from "./useAssignableUsers";

/**
 * The responsible person in a record page's header. Changing them goes through `POST /reassign` with a
 * required reason (audited, the new owner is notified), offering only the people the server lists as assignable.
 * A role that may not assign this entity has no control; a record the server says the user may not hand over
 * (`permissions.assign`) shows it disabled with the reason.
 */
export function OwnerPicker({ entity, record }: { entity: EntityName; record: AnyRecord }) {
  const { t } = useTranslation();
  const env = useTableEnv();
  const meta = useEntity(entity);
  const offered = !meta || may(meta, "assign");
  const denied = useDeniedReason()(record, "assign");
  const assignable = useAssignableUsers(entity, offered && denied === null);
  const [opened, setOpened] = useState(false);
  const ownerId = typeof record.ownerId === "string" ? record.ownerId : null;
  const owner = ownerId ? env.users.get(ownerId) : undefined;
  return (
    // On a phone the "change" button wraps under the owner instead of widening the page.
    <Group gap={6} wrap="wrap">
      <Group gap={6} wrap="nowrap">
        <Avatar
          size={28}
          radius="xl"
          src={owner?.avatarUrl ?? null}
          name={owner?.name ?? ""}
          color="initials"
        />
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            {t("records.owner")}
          </Text>
          <Text size="sm">{owner?.name ?? "—"}</Text>
        </Stack>
      </Group>
      {offered && denied !== null ? (
        <DeniedButton reason={denied} size="xs" variant="subtle" leftSection={<IconUserShare size={14} />}>
          {t("records.changeOwner")}
        </DeniedButton>
      ) : null}
      {offered && denied === null && assignable.length > 0 ? (
        <>
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconUserShare size={14} />}
            onClick={() => setOpened(true)}
          >
            {t("records.changeOwner")}
          </Button>
          {opened ? (
            <ReassignDialog
              entity={entity}
              record={record}
              people={assignable.filter((u) => u.id !== ownerId)}
              onClose={() => setOpened(false)}
            />
          ) : null}
        </>
      ) : null}
    </Group>
  );
}

function ReassignDialog({
  entity,
  record,
  people,
  onClose,
}: {
  entity: EntityName;
  record: AnyRecord;
  people: { id: string; name: string }[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm({
    mode: "controlled",
    initialValues: { toUserId: null as string | null, reason: "" },
    validate: {
      toUserId: (v) => (v ? null : t("validation.required")),
      reason: (v) => (v.trim() ? null : t("validation.required")),
    },
  });
  const submit = form.onSubmit(async (values) => {
    setAlert(null);
    try {
      await reassign(entity, [record.id], values.toUserId as string, values.reason.trim());
      await client.invalidateQueries({ queryKey: ["records", entity] });
      notifications.show({ color: "green", message: t("records.ownerChanged") });
      onClose();
    } catch (error) {
      setAlert(applyProblemToForm(form, error, t));
    }
  });
  return (
    <Modal opened onClose={onClose} title={t("records.changeOwner")}>
      <form noValidate onSubmit={submit}>
        <Stack gap="sm">
          <FormAlert message={alert} />
          <Select
            label={t("records.newOwner")}
            searchable
            required
            data-autofocus
            nothingFoundMessage={t("records.noAssignable")}
            data={people.map((u) => ({ value: u.id, label: u.name }))}
            {...form.getInputProps("toUserId")}
          />
          <Textarea
            label={t("records.reassignReason")}
            description={t("records.reassignReasonHint")}
            required
            rows={2}
            maxLength={1000}
            {...form.getInputProps("reason")}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={form.submitting}>
              {t("records.reassign")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
