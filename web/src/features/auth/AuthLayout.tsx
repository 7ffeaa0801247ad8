import { Box, Center, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { lazy, type ReactNode, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { usePageTitle } from "../../ui/usePageTitle";

// The language menu and theme toggle (menus, tooltips and their positioning code) load right after the form
// is on screen instead of delaying it; a box of their size holds the place meanwhile.
const LanguageSwitcher = lazy(() => import("../preferences").then((m) => ({ default: m.LanguageSwitcher })));
const ThemeToggle = lazy(() => import("../../ui/ThemeToggle").then((m) => ({ default: m.ThemeToggle })));

import { Logo } from "../../ui/Logo";

interface AuthLayoutProps {
  title: string;
  description?: string | undefined;
  children: ReactNode;
}

/** Centered card used by every signed-out page; language and theme can be changed here too. */
export function AuthLayout({ title, description, children }: AuthLayoutProps) {
  const { t } = useTranslation();
  usePageTitle(title);
  return (
    <Box mih="100dvh" bg="var(--mantine-color-body)">
      <Group justify="space-between" px={{ base: "xs", xs: "md" }} py="sm" wrap="nowrap" gap="xs">
        <Group gap="xs" wrap="nowrap">
          <Logo />
          <Text fw={700} style={{ whiteSpace: "nowrap" }}>
            {t("app.name")}
          </Text>
        </Group>
        <Suspense fallback={<Box h={30} w={150} aria-hidden />}>
          <Group gap={4} wrap="nowrap">
            <LanguageSwitcher />
            <ThemeToggle />
          </Group>
        </Suspense>
      </Group>
      <Center px="md" pb="xl" pt="6vh">
        <Paper
          component="main"
          withBorder
          shadow="sm"
          radius="md"
          p={{ base: "lg", sm: "xl" }}
          w="100%"
          maw={420}
        >
          <Stack gap="lg">
            <Stack gap={6}>
              <Title order={1} size="h3">
                {title}
              </Title>
              {description ? (
                <Text size="sm" c="dimmed">
                  {description}
                </Text>
              ) : null}
            </Stack>
            {children}
          </Stack>
        </Paper>
      </Center>
    </Box>
  );
}
