import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { enumLabel } from "../../i18n/enumLabel";
import { problemMessage } from "../../ui/problemMessages";
import { templatesQuery } from "../templates";
import { sendSms } from "./api";
import { smsSegments } from "./segments";

export interface SmsPhone {
  e164: string | null;
  raw: string;
  kind: string;
}

/** Send an SMS to one of the contact's numbers: a template or own text, with a live segment counter. */
export function SendSmsDialog({
  contactId,
  phones,
  onClose,
}: {
  contactId: string;
  phones: SmsPhone[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const numbers = phones.filter((p): p is SmsPhone & { e164: string } => !!p.e164);
  const [phone, setPhone] = useState<string | null>(numbers[0]?.e164 ?? null);
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [text, setText] = useState("");
  const templates = useQuery(templatesQuery("sms"));
  const seg = smsSegments(text);
  const send = useMutation({
    mutationFn: () =>
      sendSms({
        contactId,
        ...(phone ? { phone } : {}),
        ...(templateId ? { templateId } : { text }),
      }),
    onSuccess: async () => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: ["sms", contactId] }),
        qc.invalidateQueries({ queryKey: ["timeline"] }),
      ]);
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={t("sms.sendTitle")}>
      <Stack gap="sm">
        {numbers.length === 0 ? (
          <Alert color="yellow">{t("errors.sms_no_phone")}</Alert>
        ) : (
          <Select
            label={t("sms.phone")}
            value={phone}
            onChange={setPhone}
            data={numbers.map((p) => ({
              value: p.e164,
              label: `${p.raw} (${enumLabel(t, "kinds", p.kind)})`,
            }))}
          />
        )}
        <Select
          label={t("sms.template")}
          placeholder={t("sms.noTemplate")}
          clearable
          value={templateId}
          onChange={setTemplateId}
          data={(templates.data?.items ?? []).map((tpl) => ({ value: tpl.id, label: tpl.name }))}
        />
        {!templateId && (
          <>
            <Textarea
              label={t("sms.text")}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              autosize
              minRows={4}
              maxLength={2000}
            />
            <Text size="xs" c={seg.segments > 1 ? "orange" : "dimmed"} aria-live="polite">
              {t("sms.counter", {
                units: seg.units,
                segments: seg.segments,
                remaining: seg.remaining,
                encoding: seg.encoding === "gsm7" ? "GSM-7" : "UCS-2",
              })}
            </Text>
          </>
        )}
        {send.error && <Alert color="red">{problemMessage(t, send.error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button
            onClick={() => send.mutate()}
            loading={send.isPending}
            disabled={numbers.length === 0 || (!templateId && !text.trim())}
          >
            {t("sms.send")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
