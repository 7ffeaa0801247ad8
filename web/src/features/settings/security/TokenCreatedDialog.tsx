import { Alert, Button, Code, CopyButton, Group, Modal, Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { CreatedApiToken } from "../api";

/** The token's secret is shown exactly once, right after it was created. */
export function TokenCreatedDialog({ token, onClose }: { token: CreatedApiToken; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={onClose} title={t("settings.tokens.createdTitle", { name: token.name })}>
      <Stack gap="sm">
        <Alert color="orange" variant="light">
          {t("settings.tokens.showOnce")}
        </Alert>
        <Code block style={{ wordBreak: "break-all" }} data-testid="new-token">
          {token.token}
        </Code>
        <Group justify="flex-end">
          <CopyButton value={token.token}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy}>
                {copied ? t("settings.tokens.copied") : t("settings.tokens.copy")}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose}>{t("common.close")}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
