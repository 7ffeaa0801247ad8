import {
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { FormAlert } from "../../ui/FormAlert";
import { applyProblemToForm } from "../../ui/formErrors";
import { notifySaved, teamsQuery } from "../settings";
import { type Mailbox, mailboxKeys, presetsQuery, type TestMailboxBody } from "./api";

type PresetName = NonNullable<TestMailboxBody["preset"]>;

type Tls = "tls" | "starttls" | "none";
interface Values {
  preset: PresetName;
  name: string;
  address: string;
  username: string;
  password: string;
  imapHost: string;
  imapPort: number;
  imapTls: Tls;
  smtpHost: string;
  smtpPort: number;
  smtpTls: Tls;
  backfillDays: number;
  autoCreateContacts: boolean;
  autoCreateDeals: boolean;
  teamIds: string[];
}

function initial(m: Mailbox | null): Values {
  return {
    preset: (m?.preset as PresetName | null) ?? "gmail",
    name: m?.name ?? "",
    address: m?.address ?? "",
    username: m?.username ?? "",
    password: "",
    imapHost: m?.imap.host ?? "",
    imapPort: m?.imap.port ?? 993,
    imapTls: (m?.imap.tls as Tls) ?? "tls",
    smtpHost: m?.smtp.host ?? "",
    smtpPort: m?.smtp.port ?? 465,
    smtpTls: (m?.smtp.tls as Tls) ?? "tls",
    backfillDays: m?.backfill.days ?? 90,
    autoCreateContacts: m?.autoCreateContacts ?? false,
    autoCreateDeals: m?.autoCreateDeals ?? false,
    teamIds: m?.teamIds ?? [],
  };
}

/** The connection part of the request: a preset, or custom hosts. */
function connection(v: Values) {
  const custom = v.preset === "custom";
  return {
    preset: v.preset,
    ...(custom
      ? {
          imap: { host: v.imapHost.trim(), port: v.imapPort, tls: v.imapTls },
          smtp: { host: v.smtpHost.trim(), port: v.smtpPort, tls: v.smtpTls },
        }
      : {}),
    ...(v.username.trim() ? { username: v.username.trim() } : {}),
  };
}

/** Connect or edit a mailbox; the server tests IMAP and SMTP before it saves. */
export function MailboxDialog({
  mailbox,
  kind,
  onClose,
}: {
  mailbox: Mailbox | null;
  kind: "personal" | "shared";
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const presets = useQuery(presetsQuery);
  const teams = useQuery({ ...teamsQuery, enabled: kind === "shared" });
  const form = useForm<Values>({ initialValues: initial(mailbox) });
  const [problem, setProblem] = useState<string | null>(null);
  const v = form.getValues();
  const tlsOptions = (["tls", "starttls", "none"] as const).map((value) => ({
    value,
    label: t(`mailboxes.tls.${value}`),
  }));

  const test = useMutation({
    mutationFn: (values: Values) =>
      unwrap(
        api.POST("/api/v1/mailboxes/test", {
          body: {
            address: values.address.trim(),
            ...connection(values),
            ...(values.password ? { password: values.password } : {}),
            ...(mailbox ? { mailboxId: mailbox.id } : {}),
          },
        }),
      ),
    onMutate: () => setProblem(null),
    onSuccess: () => notifications.show({ color: "green", message: t("mailboxes.testOk") }),
    onError: (error) => setProblem(applyProblemToForm(form, error, t)),
  });

  const save = useMutation({
    mutationFn: (values: Values) => {
      const common = {
        name: values.name.trim() || values.address.trim(),
        address: values.address.trim(),
        ...connection(values),
        backfillDays: values.backfillDays,
        autoCreateContacts: values.autoCreateContacts,
        autoCreateDeals: values.autoCreateContacts && values.autoCreateDeals,
        ...(kind === "shared" ? { teamIds: values.teamIds } : {}),
      };
      if (mailbox) {
        return unwrap(
          api.PATCH("/api/v1/mailboxes/{id}", {
            params: { path: { id: mailbox.id } },
            body: { ...common, ...(values.password ? { password: values.password } : {}) },
          }),
        );
      }
      return unwrap(api.POST("/api/v1/mailboxes", { body: { ...common, kind, password: values.password } }));
    },
    onMutate: () => setProblem(null),
    onSuccess: () => {
      notifySaved(t, t("mailboxes.saved"));
      void queryClient.invalidateQueries({ queryKey: mailboxKeys.list });
      onClose();
    },
    onError: (error) => setProblem(applyProblemToForm(form, error, t)),
  });

  const presetOptions = [
    ...(presets.data ?? []).map((p) => ({ value: p.name, label: t(`mailboxes.presets.${p.name}`) })),
    { value: "custom", label: t("mailboxes.presets.custom") },
  ];
  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={
        mailbox
          ? t("mailboxes.editTitle")
          : kind === "shared"
            ? t("mailboxes.connectShared")
            : t("mailboxes.connect")
      }
    >
      <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack gap="sm">
          <FormAlert message={problem} />
          <Select
            label={t("mailboxes.provider")}
            data={presetOptions}
            allowDeselect={false}
            {...form.getInputProps("preset")}
          />
          {v.preset !== "custom" && (
            <Text size="xs" c="dimmed">
              {t("mailboxes.appPasswordHint")}
            </Text>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t("mailboxes.address")}
              type="email"
              required
              {...form.getInputProps("address")}
            />
            <TextInput label={t("mailboxes.name")} {...form.getInputProps("name")} />
            <TextInput
              label={t("mailboxes.username")}
              placeholder={t("mailboxes.usernameDefault")}
              {...form.getInputProps("username")}
            />
            <PasswordInput
              label={t("mailboxes.password")}
              required={!mailbox}
              placeholder={mailbox ? t("mailboxes.passwordKeep") : undefined}
              autoComplete="new-password"
              {...form.getInputProps("password")}
            />
          </SimpleGrid>
          {v.preset === "custom" && (
            <>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput label={t("mailboxes.imapHost")} required {...form.getInputProps("imapHost")} />
                <NumberInput
                  label={t("mailboxes.port")}
                  min={1}
                  max={65535}
                  {...form.getInputProps("imapPort")}
                />
                <Select
                  label={t("mailboxes.security")}
                  data={tlsOptions}
                  {...form.getInputProps("imapTls")}
                />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput label={t("mailboxes.smtpHost")} required {...form.getInputProps("smtpHost")} />
                <NumberInput
                  label={t("mailboxes.port")}
                  min={1}
                  max={65535}
                  {...form.getInputProps("smtpPort")}
                />
                <Select
                  label={t("mailboxes.security")}
                  data={tlsOptions}
                  {...form.getInputProps("smtpTls")}
                />
              </SimpleGrid>
            </>
          )}
          <Group grow align="flex-end">
            <NumberInput
              label={t("mailboxes.backfillDays")}
              min={0}
              max={3650}
              {...form.getInputProps("backfillDays")}
            />
            <Switch
              label={t("mailboxes.autoCreateContacts")}
              {...form.getInputProps("autoCreateContacts", { type: "checkbox" })}
            />
            <Switch
              label={t("mailboxes.autoCreateDeals")}
              disabled={!form.values.autoCreateContacts}
              {...form.getInputProps("autoCreateDeals", { type: "checkbox" })}
            />
          </Group>
          {kind === "shared" && (
            <MultiSelect
              label={t("mailboxes.teams")}
              description={t("mailboxes.teamsHint")}
              data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
              searchable
              {...form.getInputProps("teamIds")}
            />
          )}
          <Group justify="space-between" mt="sm">
            <Button variant="default" loading={test.isPending} onClick={() => test.mutate(form.getValues())}>
              {t("mailboxes.test")}
            </Button>
            <Group gap="xs">
              <Button variant="subtle" onClick={onClose}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" loading={save.isPending}>
                {t("mailboxes.save")}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
