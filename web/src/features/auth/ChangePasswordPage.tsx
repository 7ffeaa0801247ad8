import { Button } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { AuthLayout } from "./AuthLayout";
import { meQueryKey, meQueryOptions } from "./api";
import { ChangePasswordForm } from "./ChangePasswordForm";
import { useFinishSignIn } from "./useFinishSignIn";
import { useSignOut } from "./useSignOut";

const route = getRouteApi("/change-password");

/** Reached when a signed-in session still has to replace its password. */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const { redirect } = route.useSearch();
  const queryClient = useQueryClient();
  const finishSignIn = useFinishSignIn(redirect);
  const signOut = useSignOut();

  const afterChange = async () => {
    await queryClient.invalidateQueries({ queryKey: meQueryKey });
    const me = await queryClient.fetchQuery(meQueryOptions);
    if (me) await finishSignIn(me);
  };

  return (
    <AuthLayout title={t("auth.changePassword.title")} description={t("auth.changePassword.required")}>
      <ChangePasswordForm onSuccess={() => void afterChange()} />
      <Button variant="subtle" color="gray" onClick={() => void signOut()}>
        {t("user.signOut")}
      </Button>
    </AuthLayout>
  );
}
