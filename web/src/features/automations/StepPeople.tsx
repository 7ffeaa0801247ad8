import { Group, Select, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { usersQuery } from "../../ui/people/directory";
import { EmailAttachments } from "./EmailAttachments";
import type { EditorContext } from "./editorContext";

const ASSIGNEES = ["recordOwner", "ruleOwner", "ownerHead", "fixed", "roundRobin", "leastOpenWork"] as const;
const EMAIL_TO = ["recordEmail", "recordOwner", "ruleOwner", "ownerHead", "user"] as const;
const NOTIFY = ["recordOwner", "ruleOwner", "ownerHead", "user"] as const;

type Value = Record<string, unknown>;

/** Active people to pick from (a deactivated person is refused by the server, so not offered). */
function usePeople() {
  const users = useQuery(usersQuery);
  return (users.data ?? []).map((u) => ({ value: u.id, label: u.name }));
}

/** Who gets a task or a record: the record's/rule's owner, the head, a fixed person or a team's member. */
export function AssigneeFields({
  value,
  onChange,
  ctx,
}: {
  value: Value;
  onChange: (v: Value) => void;
  ctx: EditorContext;
}) {
  const { t } = useTranslation();
  const people = usePeople();
  return (
    <Group grow align="flex-start">
      <Select
        label={t("automations.assignee")}
        data={ASSIGNEES.map((k) => ({ value: k, label: t(`automations.assignees.${k}`) }))}
        value={String(value.kind)}
        allowDeselect={false}
        onChange={(kind) =>
          onChange(
            kind === "roundRobin" || kind === "leastOpenWork"
              ? { kind, teamId: ctx.teams[0]?.value ?? "" }
              : kind === "fixed"
                ? { kind, userId: "" }
                : { kind },
          )
        }
      />
      {"teamId" in value && (
        <Select
          label={t("automations.team")}
          data={ctx.teams}
          value={String(value.teamId) || null}
          onChange={(teamId) => onChange({ ...value, teamId: teamId ?? "" })}
        />
      )}
      {value.kind === "fixed" && (
        <Select
          label={t("automations.person")}
          data={people}
          searchable
          value={String(value.userId ?? "") || null}
          onChange={(userId) => onChange({ ...value, userId: userId ?? "" })}
        />
      )}
    </Group>
  );
}

/**
 * The template of a "send email" / "send SMS" step — only templates of that channel that fit the rule's
 * records (no entity, the rule's entity or one its records link to) — and who the message goes to.
 */
export function MessageStepFields({
  step,
  onChange,
  ctx,
}: {
  step: Value;
  onChange: (p: Value) => void;
  ctx: EditorContext;
}) {
  const { t } = useTranslation();
  const kind = step.type === "sendSms" ? "sms" : "email";
  const people = usePeople();
  const templates = useQuery({
    queryKey: ["automations", "message-templates", kind],
    queryFn: () => unwrap(api.GET("/api/v1/templates", { params: { query: { kind } } })),
    staleTime: 60_000,
  });
  const fits = new Set([ctx.entity, ...ctx.fields.flatMap((f) => (f.linkEntity ? [f.linkEntity] : []))]);
  const options = (templates.data?.items ?? [])
    .filter((tpl) => tpl.kind === kind && (tpl.entity === null || fits.has(tpl.entity)))
    .map((tpl) => ({ value: tpl.id, label: tpl.name }));
  const to = (step.to ?? { kind: kind === "sms" ? "recordPhone" : "recordEmail" }) as Value;
  return (
    <Stack gap={6}>
      <Select
        label={t("automations.template")}
        placeholder={options.length === 0 ? t("automations.noTemplates") : undefined}
        data={options}
        searchable
        value={String(step.templateId ?? "") || null}
        onChange={(templateId) => onChange({ templateId: templateId ?? "" })}
      />
      {kind === "sms" ? (
        <Text fz="sm" c="dimmed">
          {t("automations.smsTo")}
        </Text>
      ) : (
        <Group grow align="flex-start">
          <Select
            label={t("automations.recipient")}
            data={EMAIL_TO.map((k) => ({ value: k, label: t(`automations.emailTo.${k}`) }))}
            value={String(to.kind)}
            allowDeselect={false}
            onChange={(k) => onChange({ to: k === "user" ? { kind: k, userId: "" } : { kind: k } })}
          />
          {to.kind === "user" && (
            <Select
              label={t("automations.person")}
              data={people}
              searchable
              value={String(to.userId ?? "") || null}
              onChange={(userId) => onChange({ to: { kind: "user", userId: userId ?? "" } })}
            />
          )}
        </Group>
      )}
      {kind === "email" && (
        <MailboxField
          value={step.mailboxId}
          // Only letters from a mailbox carry files: the system mailer's drop them.
          onChange={(mailboxId) => onChange({ mailboxId, ...(mailboxId ? {} : { attachments: undefined }) })}
        />
      )}
      {kind === "email" && typeof step.mailboxId === "string" && step.mailboxId && (
        <EmailAttachments
          value={step.attachments}
          ruleId={ctx.ruleId}
          templates={options}
          onChange={(attachments) => onChange({ attachments })}
        />
      )}
    </Stack>
  );
}

/** Sent by the system mailer, or from one of the user's mailboxes (filed in its Sent folder, on the record). */
function MailboxField({ value, onChange }: { value: unknown; onChange: (id: string | undefined) => void }) {
  const { t } = useTranslation();
  const mailboxes = useQuery({
    queryKey: ["automations", "mailboxes"],
    queryFn: () => unwrap(api.GET("/api/v1/mailboxes")),
    staleTime: 60_000,
  });
  return (
    <Select
      label={t("automations.sendFrom")}
      data={[
        { value: "", label: t("automations.systemMailer") },
        ...(mailboxes.data?.items ?? []).map((m) => ({ value: m.id, label: m.address })),
      ]}
      value={typeof value === "string" ? value : ""}
      allowDeselect={false}
      onChange={(id) => onChange(id || undefined)}
    />
  );
}

/** Who a notification goes to: an owner, the head or a chosen person. */
export function RecipientFields({ value, onChange }: { value: Value; onChange: (v: Value) => void }) {
  const { t } = useTranslation();
  const people = usePeople();
  return (
    <Group grow align="flex-start">
      <Select
        label={t("automations.recipient")}
        data={NOTIFY.map((k) => ({ value: k, label: t(`automations.emailTo.${k}`) }))}
        value={String(value.kind)}
        allowDeselect={false}
        onChange={(k) => onChange(k === "user" ? { kind: k, userId: "" } : { kind: k ?? "recordOwner" })}
      />
      {value.kind === "user" && (
        <Select
          label={t("automations.person")}
          data={people}
          searchable
          value={String(value.userId ?? "") || null}
          onChange={(userId) => onChange({ kind: "user", userId: userId ?? "" })}
        />
      )}
    </Group>
  );
}
