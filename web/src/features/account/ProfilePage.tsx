import { Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Me } from "../../api/types";
import { PageLoader } from "../../ui/PageLoader";
import { usePageTitle } from "../../ui/usePageTitle";
import { meQueryKey, meQueryOptions } from "../auth";
import { ChangePasswordForm } from "../auth/index.password";
import { AvatarPicker } from "./AvatarPicker";
import { avatarEndpoint } from "./avatarApi";
import { EmailChangeForm } from "./EmailChangeForm";
import { ProfileForm } from "./ProfileForm";

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-label={title}>
      <Stack gap="md">
        <Stack gap={2}>
          <Title order={2} size="h4">
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
  );
}

/** User menu → My profile: personal details, sign-in email and password. */
export function ProfilePage() {
  const { t } = useTranslation();
  usePageTitle(t("profile.title"));
  const queryClient = useQueryClient();
  const { data: me } = useQuery(meQueryOptions);
  // A new key remounts the password form empty after a successful change.
  const [passwordFormKey, setPasswordFormKey] = useState(0);
  if (!me) return <PageLoader />;
  return (
    <Stack gap="lg" maw={640}>
      <Title order={1} size="h2">
        {t("profile.title")}
      </Title>
      <Section title={t("profile.details")}>
        <AvatarPicker
          name={me.name || me.email}
          avatarUrl={me.avatarUrl}
          endpoint={avatarEndpoint()}
          onChanged={(avatarUrl) => {
            queryClient.setQueryData<Me | null>(meQueryKey, (old) => (old ? { ...old, avatarUrl } : old));
            void queryClient.invalidateQueries({ queryKey: ["directory", "users"] });
            notifications.show({
              color: "green",
              message: avatarUrl ? t("profile.photoSaved") : t("profile.photoRemoved"),
            });
          }}
        />
        <ProfileForm me={me} />
      </Section>
      <Section title={t("profile.emailTitle")} description={t("profile.emailText")}>
        <EmailChangeForm me={me} />
      </Section>
      <Section title={t("profile.passwordTitle")} description={t("profile.passwordText")}>
        <ChangePasswordForm
          key={passwordFormKey}
          onSuccess={() => {
            setPasswordFormKey((key) => key + 1);
            notifications.show({ color: "green", message: t("auth.changePassword.success") });
          }}
        />
      </Section>
    </Stack>
  );
}
