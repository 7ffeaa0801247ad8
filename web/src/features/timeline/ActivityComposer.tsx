import {
  Button,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { IconMail, IconMessage, IconNote, IconPhone } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../../api/problem";
import { FormAlert } from "../../ui/FormAlert";
import { normalizeFieldPath } from "../../ui/formErrors";
import { fieldProblemMessage, problemMessage } from "../../ui/problemMessages";
import { CreateTaskButton } from "../records/index.create";
import type { TaskLink } from "../tasks";
import { CALL_OUTCOMES, isCallOutcome, logActivity, timelineKey } from "./api";
import { RichTextEditor } from "./RichTextEditor";

type Kind = "call" | "note" | "email" | "sms";

/** Where each kind shows the server's per-field refusals; anything else goes above the form. */
const FIELDS_BY_KIND: Record<Kind, readonly string[]> = {
  call: ["outcome", "durationSeconds", "body"],
  note: ["body"],
  email: ["to", "subject", "body"],
  sms: ["to", "body"],
};

/** Splits a problem into messages next to the composer's fields and one text for the rest (or null). */
function splitProblem(t: TFunction, error: unknown, shown: readonly string[]) {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  if (!isApiError(error) || error.fieldErrors.length === 0) return { fields, rest: problemMessage(t, error) };
  for (const problem of error.fieldErrors) {
    const key = normalizeFieldPath(problem.field);
    const message = fieldProblemMessage(t, problem);
    if (shown.includes(key)) fields[key] = fields[key] ? `${fields[key]} ${message}` : message;
    else other.push(message);
  }
  return { fields, rest: other.length > 0 ? other.join(" ") : null };
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\n/g, "<br>");

const asTaskLink = (entity: string, id: string): TaskLink | null =>
  entity === "companies" || entity === "contacts" || entity === "deals" ? { entity, id } : null;

/** Quick actions on a record: plan a task or meeting, log a call, add a note (rich text), log an e-mail or SMS. */
export function ActivityComposer({ entity, id }: { entity: string; id: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [kind, setKind] = useState<Kind>("call");
  const [direction, setDirection] = useState<"in" | "out">("out");
  const [outcome, setOutcome] = useState<string | null>("reached");
  const [minutes, setMinutes] = useState<number | string>("");
  const [subject, setSubject] = useState("");
  const [to, setTo] = useState("");
  const [text, setText] = useState("");
  const [html, setHtml] = useState("");
  const [editorKey, setEditorKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const reset = () => {
    setSubject("");
    setTo("");
    setText("");
    setHtml("");
    setMinutes("");
    setEditorKey((k) => k + 1);
  };
  const save = async () => {
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      const links = [{ entity, id }];
      const occurredAt = new Date().toISOString();
      if (kind === "call") {
        await logActivity({
          kind,
          links,
          occurredAt,
          direction,
          outcome: outcome && isCallOutcome(outcome) ? outcome : null,
          durationSeconds: minutes === "" ? null : Math.round(Number(minutes) * 60),
          body: text.trim() ? escapeHtml(text.trim()) : null,
        });
      } else if (kind === "note") {
        await logActivity({ kind, links, occurredAt, body: html });
      } else {
        await logActivity({
          kind,
          links,
          occurredAt,
          direction: "out",
          subject: subject.trim() || null,
          to: to.trim() || null,
          body: text.trim() ? escapeHtml(text.trim()) : null,
        });
      }
      reset();
      await client.invalidateQueries({ queryKey: timelineKey(entity, id) });
    } catch (cause) {
      const { fields, rest } = splitProblem(t, cause, FIELDS_BY_KIND[kind]);
      setFieldErrors(fields);
      setError(rest);
    } finally {
      setBusy(false);
    }
  };
  const canSave =
    kind === "call" || (kind === "note" ? html.replace(/<[^>]*>/g, "").trim() !== "" : text.trim() !== "");

  const taskLink = asTaskLink(entity, id);
  return (
    <Stack gap="xs">
      {taskLink ? (
        <Group gap="xs" justify="flex-end">
          <CreateTaskButton link={taskLink} label={t("records.planTask")} />
          <CreateTaskButton link={taskLink} type="meeting" label={t("records.planMeeting")} />
        </Group>
      ) : null}
      <Tabs
        value={kind}
        onChange={(v) => {
          if (!v) return;
          setKind(v as Kind);
          setError(null);
          setFieldErrors({});
        }}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="call" leftSection={<IconPhone size={14} />}>
            {t("timeline.logCall")}
          </Tabs.Tab>
          <Tabs.Tab value="note" leftSection={<IconNote size={14} />}>
            {t("timeline.addNote")}
          </Tabs.Tab>
          <Tabs.Tab value="email" leftSection={<IconMail size={14} />}>
            {t("timeline.email")}
          </Tabs.Tab>
          <Tabs.Tab value="sms" leftSection={<IconMessage size={14} />}>
            {t("timeline.sms")}
          </Tabs.Tab>
        </Tabs.List>
        <Stack gap="xs" pt="sm">
          <FormAlert message={error} />
          {kind === "call" ? (
            <Group gap="xs" align="flex-end" wrap="wrap">
              <SegmentedControl
                aria-label={t("timeline.direction")}
                value={direction}
                onChange={(v) => setDirection(v === "in" ? "in" : "out")}
                data={[
                  { value: "out", label: t("timeline.outgoing") },
                  { value: "in", label: t("timeline.incoming") },
                ]}
              />
              <Select
                label={t("timeline.outcome")}
                w={170}
                data={CALL_OUTCOMES.map((o) => ({ value: o, label: t(`timeline.outcomes.${o}`) }))}
                value={outcome}
                onChange={setOutcome}
                error={fieldErrors.outcome}
              />
              <NumberInput
                label={t("timeline.minutes")}
                w={110}
                min={0}
                value={minutes}
                onChange={setMinutes}
                error={fieldErrors.durationSeconds}
              />
            </Group>
          ) : null}
          {kind === "email" || kind === "sms" ? (
            <Group gap="xs" grow>
              <TextInput
                label={t("timeline.to")}
                value={to}
                onChange={(e) => setTo(e.currentTarget.value)}
                error={fieldErrors.to}
              />
              {kind === "email" ? (
                <TextInput
                  label={t("timeline.subject")}
                  value={subject}
                  onChange={(e) => setSubject(e.currentTarget.value)}
                  error={fieldErrors.subject}
                />
              ) : null}
            </Group>
          ) : null}
          {kind === "note" ? (
            <Stack gap={4}>
              <RichTextEditor key={editorKey} label={t("timeline.addNote")} onChange={setHtml} />
              {fieldErrors.body ? (
                <Text size="xs" c="red" role="alert">
                  {fieldErrors.body}
                </Text>
              ) : null}
            </Stack>
          ) : (
            <Textarea
              label={kind === "call" ? t("timeline.result") : t("timeline.message")}
              autosize
              minRows={2}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              error={fieldErrors.body}
            />
          )}
          <Group justify="flex-end">
            <Button size="sm" loading={busy} disabled={!canSave} onClick={save}>
              {t("timeline.save")}
            </Button>
          </Group>
        </Stack>
      </Tabs>
    </Stack>
  );
}
