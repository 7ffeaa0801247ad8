import "@mantine/dates/styles.css";
import { Button, Checkbox, Group, Select, Stack, TagsInput, TextInput } from "@mantine/core";
import { DateTimePicker } from "@mantine/dates";
import { IconSend } from "@tabler/icons-react";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../ui/FormAlert";
import { problemMessage } from "../../ui/problemMessages";
import { AttachmentsField, type ComposerAttachment } from "./AttachmentsField";
import { type NewLetterBody, type ReplyBody, useSendNew, useSendReply } from "./api";
import { TemplatePicker } from "./TemplatePicker";
import { useMailboxes } from "./useMailboxes";

const LetterEditor = lazy(() => import("./LetterEditor"));

export type ComposeMode =
  | {
      kind: "reply" | "replyAll" | "forward";
      threadId: string;
      parentId: string;
      to: string[];
      cc: string[];
      subject: string;
    }
  | { kind: "new"; to: string[]; subject?: string; links: { entity: string; id: string }[] };

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const toRecipients = (list: string[]) => list.map((address) => ({ address: address.trim() }));

/**
 * Writes a letter: reply, reply to all, forward or a new one. Rich text (the editor loads on first use),
 * attachments from the computer or the record's files, a template rendered against the record, send later.
 */
export function Composer(props: {
  mode: ComposeMode;
  record?: { entity: string; id: string } | undefined;
  onDone?: (conversationId: string) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const { mode } = props;
  const mailboxes = useMailboxes();
  const [mailboxId, setMailboxId] = useState<string | null>(null);
  const [to, setTo] = useState<string[]>(mode.to);
  const [cc, setCc] = useState<string[]>(mode.kind === "new" ? [] : mode.cc);
  const [bcc, setBcc] = useState<string[]>([]);
  const [showCopies, setShowCopies] = useState(cc.length > 0);
  const [subject, setSubject] = useState(mode.subject ?? "");
  const [html, setHtml] = useState("");
  const [editorKey, setEditorKey] = useState(0);
  const [attachments, setAttachments] = useState<ComposerAttachment[]>([]);
  const [sendAt, setSendAt] = useState<string | null>(null);
  const [signature, setSignature] = useState(true);
  const [localError, setLocalError] = useState<string | null>(null);
  const reply = useSendReply(mode.kind === "new" ? "" : mode.threadId);
  const create = useSendNew();
  const mutation = mode.kind === "new" ? create : reply;
  const from = mailboxId ?? mailboxes[0]?.id ?? null;

  const applyTemplate = (rendered: { subject: string | null; html: string | null }) => {
    if (rendered.subject) setSubject(rendered.subject);
    setHtml(rendered.html ?? "");
    setEditorKey((k) => k + 1);
  };

  const submit = async () => {
    setLocalError(null);
    const bad = [...to, ...cc, ...bcc].find((a) => !EMAIL.test(a.trim()));
    if (bad) return setLocalError(t("conversations.badAddress", { address: bad }));
    if (to.length + cc.length + bcc.length === 0) return setLocalError(t("conversations.noRecipients"));
    const common = {
      cc: toRecipients(cc),
      bcc: toRecipients(bcc),
      html: html || "<p></p>",
      attachments: attachments.map((a) => a.ref),
      includeSignature: signature,
      ...(sendAt ? { sendAt: new Date(sendAt).toISOString() } : {}),
    };
    if (mode.kind === "new") {
      if (!from) return setLocalError(t("conversations.noMailbox"));
      const body: NewLetterBody = {
        mailboxId: from,
        to: toRecipients(to),
        subject,
        links: mode.links,
        ...common,
      };
      const out = await create.mutateAsync(body);
      props.onDone?.(out.conversationId);
    } else {
      const body: ReplyBody = {
        mode: mode.kind,
        parentId: mode.parentId,
        to: toRecipients(to),
        subject,
        ...common,
      };
      const out = await reply.mutateAsync(body);
      props.onDone?.(out.conversationId);
    }
  };

  return (
    <Stack gap="xs" data-testid="mail-composer">
      {mode.kind === "new" ? (
        <Select
          label={t("conversations.from")}
          data={mailboxes.map((m) => ({ value: m.id, label: `${m.name} <${m.address}>` }))}
          value={from}
          onChange={setMailboxId}
          allowDeselect={false}
        />
      ) : null}
      <TagsInput label={t("conversations.to")} value={to} onChange={setTo} splitChars={[",", ";", " "]} />
      {showCopies ? (
        <>
          <TagsInput label={t("conversations.cc")} value={cc} onChange={setCc} splitChars={[",", ";", " "]} />
          <TagsInput
            label={t("conversations.bcc")}
            value={bcc}
            onChange={setBcc}
            splitChars={[",", ";", " "]}
          />
        </>
      ) : (
        <Group>
          <Button size="compact-xs" variant="subtle" onClick={() => setShowCopies(true)}>
            {t("conversations.addCopies")}
          </Button>
        </Group>
      )}
      <TextInput
        label={t("conversations.subject")}
        value={subject}
        onChange={(e) => setSubject(e.currentTarget.value)}
      />
      <TemplatePicker record={props.record} onRendered={applyTemplate} />
      <Suspense fallback={<div style={{ minHeight: 160 }} />}>
        <LetterEditor key={editorKey} initialHtml={html} onChange={setHtml} label={t("conversations.body")} />
      </Suspense>
      <AttachmentsField record={props.record} value={attachments} onChange={setAttachments} />
      <Group gap="md" align="flex-end" wrap="wrap">
        <DateTimePicker
          label={t("conversations.sendLater")}
          value={sendAt}
          onChange={setSendAt}
          clearable
          minDate={new Date()}
          w={220}
        />
        <Checkbox
          label={t("conversations.signature")}
          checked={signature}
          onChange={(e) => setSignature(e.currentTarget.checked)}
        />
      </Group>
      {localError ? <FormAlert message={localError} /> : null}
      {mutation.error ? <FormAlert message={problemMessage(t, mutation.error)} /> : null}
      <Group justify="flex-end" gap="xs">
        {props.onCancel ? (
          <Button variant="default" onClick={props.onCancel}>
            {t("common.cancel")}
          </Button>
        ) : null}
        <Button
          leftSection={<IconSend size={16} />}
          onClick={() => void submit().catch(() => {})}
          loading={mutation.isPending}
        >
          {sendAt ? t("conversations.schedule") : t("conversations.send")}
        </Button>
      </Group>
    </Stack>
  );
}
