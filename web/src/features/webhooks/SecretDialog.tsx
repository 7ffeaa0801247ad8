import { Alert, Button, Code, CopyButton, Group, Modal, Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { CreatedWebhook } from "./api";

/** The signing secret is shown exactly once: after creating the webhook or rotating its secret. */
export function SecretDialog({ webhook, onClose }: { webhook: CreatedWebhook; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={onClose} title={t("webhooks.secretTitle")}>
      <Stack gap="sm">
        <Alert color="orange" variant="light">
          {t("webhooks.secretOnce")}
        </Alert>
        <Code block style={{ wordBreak: "break-all" }} data-testid="webhook-secret">
          {webhook.secret}
        </Code>
        <Group justify="flex-end">
          <CopyButton value={webhook.secret}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy}>
                {copied ? t("webhooks.copied") : t("webhooks.copy")}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose}>{t("common.close")}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
