import { useQueryClient } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { LoginResult, Me } from "../../api/types";
import { AuthLayout } from "./AuthLayout";
import { meQueryKey, meQueryOptions } from "./api";
import { ChangePasswordForm } from "./ChangePasswordForm";
import { CredentialsForm } from "./CredentialsForm";
import { TwoFactorForm } from "./TwoFactorForm";
import { useFinishSignIn } from "./useFinishSignIn";

const route = getRouteApi("/login");

type Step =
  | { kind: "credentials" }
  | { kind: "twoFactor"; password: string }
  | { kind: "changePassword"; password: string };

/** Sign-in: credentials → (two-factor code) → (forced password change) → the app. */
export function LoginPage() {
  const { t } = useTranslation();
  const { redirect } = route.useSearch();
  const queryClient = useQueryClient();
  const finishSignIn = useFinishSignIn(redirect);
  const [step, setStep] = useState<Step>({ kind: "credentials" });

  const continueWith = (user: Me, password: string) => {
    if (user.mustChangePassword) setStep({ kind: "changePassword", password });
    else void finishSignIn(user);
  };

  const handleResult = (result: LoginResult, password: string) => {
    if (result.status === "ok") continueWith(result.user, password);
    else if (result.status === "twoFactorRequired") setStep({ kind: "twoFactor", password });
    else setStep({ kind: "changePassword", password });
  };

  const afterPasswordChange = async () => {
    await queryClient.invalidateQueries({ queryKey: meQueryKey });
    const me = await queryClient.fetchQuery(meQueryOptions);
    if (me) await finishSignIn(me);
    else setStep({ kind: "credentials" });
  };

  if (step.kind === "twoFactor") {
    return (
      <AuthLayout title={t("auth.twoFactor.title")} description={t("auth.twoFactor.description")}>
        <TwoFactorForm
          onSuccess={(user) => continueWith(user, step.password)}
          onBack={() => setStep({ kind: "credentials" })}
        />
      </AuthLayout>
    );
  }
  if (step.kind === "changePassword") {
    return (
      <AuthLayout title={t("auth.changePassword.title")} description={t("auth.changePassword.required")}>
        <ChangePasswordForm currentPassword={step.password} onSuccess={() => void afterPasswordChange()} />
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={t("auth.signIn.title")}>
      <CredentialsForm onResult={handleResult} />
    </AuthLayout>
  );
}
