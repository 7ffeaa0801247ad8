import { Button, Group, Modal, Stack, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { FormAlert } from "../../ui/FormAlert";
import { problemMessage } from "../../ui/problemMessages";
import type { TimelineItem } from "./api";
import { RichTextEditor } from "./RichTextEditor";

/**
 * Changes a logged activity's subject (not an SMS's: it has none) and text — `PATCH /api/v1/activities/{id}`,
 * which checks the caller's rights again; the timeline reloads after saving.
 */
export function EditActivityDialog({ item, onClose }: { item: TimelineItem; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const hasSubject = item.kind !== "sms";
  const [subject, setSubject] = useState(item.subject ?? "");
  const [body, setBody] = useState(item.body ?? "");
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/api/v1/activities/{id}", {
          params: { path: { id: item.id } },
          body: { ...(hasSubject ? { subject: subject.trim() || null } : {}), body: body || null },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["timeline"] });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={t("timeline.editTitle")}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <FormAlert message={save.error ? problemMessage(t, save.error) : null} />
          {hasSubject ? (
            <TextInput
              label={t("timeline.subject")}
              value={subject}
              onChange={(event) => setSubject(event.currentTarget.value)}
            />
          ) : null}
          <RichTextEditor label={t("timeline.message")} initialHtml={item.body ?? ""} onChange={setBody} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("timeline.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
