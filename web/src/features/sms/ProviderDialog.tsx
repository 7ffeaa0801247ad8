import { Alert, Button, Checkbox, Group, Modal, Select, Stack, Textarea, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { problemMessage } from "../../ui/problemMessages";
import { type SmsProvider, type SmsProviderBody, saveSmsProvider } from "./api";

type Kind = SmsProviderBody["kind"];
const KINDS: Kind[] = ["smsru", "smsc", "mobizon", "twilio", "generic"];
/** The credentials each provider needs (stored sealed; left empty on edit = unchanged). */
const SECRETS: Record<Kind, Array<"apiKey" | "login" | "password" | "authToken" | "secret">> = {
  smsru: ["apiKey"],
  smsc: ["login", "password"],
  mobizon: ["apiKey"],
  twilio: ["authToken"],
  generic: ["secret"],
};

/** Add or change an SMS provider; credentials are write-only. */
export function ProviderDialog({ provider, onClose }: { provider: SmsProvider | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const cfg = (provider?.config ?? {}) as Record<string, unknown>;
  const [name, setName] = useState(provider?.name ?? "");
  const [kind, setKind] = useState<Kind>(provider?.kind ?? "smsru");
  const [sender, setSender] = useState(String(cfg.sender ?? ""));
  const [baseUrl, setBaseUrl] = useState(String(cfg.baseUrl ?? ""));
  const [accountSid, setAccountSid] = useState(String(cfg.accountSid ?? ""));
  const [generic, setGeneric] = useState(cfg.generic ? JSON.stringify(cfg.generic, null, 2) : "");
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [isDefault, setIsDefault] = useState(provider?.isDefault ?? false);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => {
      let genericConfig: unknown;
      if (kind === "generic") {
        try {
          genericConfig = JSON.parse(generic || "{}");
        } catch {
          setJsonError(t("sms.providers.genericInvalid"));
          throw new Error("json");
        }
      }
      const credentials = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v.trim()));
      const body = {
        name,
        kind,
        isDefault,
        config: {
          sender: sender || null,
          baseUrl: baseUrl || null,
          ...(kind === "twilio" ? { accountSid: accountSid || null } : {}),
          ...(kind === "generic" ? { generic: genericConfig } : {}),
        },
        ...(provider && Object.keys(credentials).length === 0 ? {} : { credentials }),
      } as SmsProviderBody;
      return saveSmsProvider(provider?.id ?? null, body);
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ["sms-providers"] });
      onClose();
    },
  });
  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={provider ? t("sms.providers.edit") : t("sms.providers.add")}
    >
      <Stack gap="sm">
        <TextInput
          label={t("sms.providers.name")}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
        />
        <Select
          label={t("sms.providers.kind")}
          value={kind}
          disabled={!!provider}
          onChange={(v) => setKind((v as Kind) ?? "smsru")}
          data={KINDS.map((k) => ({ value: k, label: t(`sms.providers.kinds.${k}`) }))}
        />
        <TextInput
          label={t("sms.providers.sender")}
          value={sender}
          onChange={(e) => setSender(e.currentTarget.value)}
        />
        {kind !== "generic" && (
          <TextInput
            label={t("sms.providers.baseUrl")}
            description={t("sms.providers.baseUrlHint")}
            value={baseUrl}
            onChange={(e) => setBaseUrl(e.currentTarget.value)}
          />
        )}
        {kind === "twilio" && (
          <TextInput
            label={t("sms.providers.accountSid")}
            value={accountSid}
            onChange={(e) => setAccountSid(e.currentTarget.value)}
          />
        )}
        {kind === "generic" && (
          <Textarea
            label={t("sms.providers.generic")}
            description={t("sms.providers.genericHint")}
            value={generic}
            onChange={(e) => setGeneric(e.currentTarget.value)}
            autosize
            minRows={6}
            styles={{ input: { fontFamily: "monospace" } }}
            error={jsonError}
          />
        )}
        {SECRETS[kind].map((key) => (
          <TextInput
            key={key}
            type="password"
            autoComplete="off"
            label={t(`sms.providers.secrets.${key}`)}
            placeholder={provider?.credentialsSet.includes(key) ? t("sms.providers.secretKept") : ""}
            value={secrets[key] ?? ""}
            onChange={(e) => setSecrets((s) => ({ ...s, [key]: e.currentTarget.value }))}
          />
        ))}
        <Checkbox
          label={t("sms.providers.default")}
          checked={isDefault}
          onChange={(e) => setIsDefault(e.currentTarget.checked)}
        />
        {save.error && save.error.message !== "json" && (
          <Alert color="red">{problemMessage(t, save.error)}</Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!name.trim()}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
