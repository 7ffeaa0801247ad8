import { Button } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { meQueryKey, meQueryOptions, useSignOut } from "../auth";
import { AuthLayout, useFinishSignIn } from "../auth/index.pages";
import { EnableTwoFactor } from "./EnableTwoFactor";

const route = getRouteApi("/two-factor-setup");

/** Shown when the user's role requires 2FA and it is not set up yet; nothing else is reachable until done. */
export function ForcedSetupPage() {
  const { t } = useTranslation();
  const { redirect } = route.useSearch();
  const queryClient = useQueryClient();
  const finishSignIn = useFinishSignIn(redirect);
  const signOut = useSignOut();
  const done = async () => {
    await queryClient.invalidateQueries({ queryKey: meQueryKey });
    const me = await queryClient.fetchQuery(meQueryOptions);
    if (me) await finishSignIn(me);
  };
  return (
    <AuthLayout title={t("security.forcedTitle")} description={t("security.forcedText")}>
      <EnableTwoFactor onDone={() => void done()} />
      <Button variant="subtle" color="gray" onClick={() => void signOut()}>
        {t("user.signOut")}
      </Button>
    </AuthLayout>
  );
}
