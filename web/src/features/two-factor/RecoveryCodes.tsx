import { Button, CopyButton, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconCheck, IconCopy, IconDownload } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { recoveryCodesFile } from "./api";

/** The 10 single-use recovery codes, shown once, with copy and download. */
export function RecoveryCodes({ codes, onDone }: { codes: readonly string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const download = () => {
    const url = URL.createObjectURL(recoveryCodesFile(codes, t("security.recoveryFileHeading")));
    const link = document.createElement("a");
    link.href = url;
    link.download = "tandem-recovery-codes.txt";
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Stack gap="md">
      <Text size="sm">{t("security.recoveryIntro")}</Text>
      <SimpleGrid
        cols={2}
        spacing="xs"
        component="ol"
        m={0}
        p={0}
        style={{ listStyle: "none" }}
        data-testid="recovery-codes"
      >
        {codes.map((code) => (
          <Text
            key={code}
            component="li"
            ff="monospace"
            ta="center"
            p={4}
            bg="var(--mantine-color-default-hover)"
          >
            {code}
          </Text>
        ))}
      </SimpleGrid>
      <Group gap="xs">
        <CopyButton value={codes.join("\n")}>
          {({ copied, copy }) => (
            <Button
              variant="light"
              leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
              onClick={copy}
            >
              {copied ? t("security.copied") : t("security.copy")}
            </Button>
          )}
        </CopyButton>
        <Button variant="light" leftSection={<IconDownload size={16} aria-hidden />} onClick={download}>
          {t("security.download")}
        </Button>
      </Group>
      <Button onClick={onDone}>{t("security.savedCodes")}</Button>
    </Stack>
  );
}
