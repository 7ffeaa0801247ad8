/**
 * The sign-in flow's screens other features reuse (forced two-factor setup, the profile's password form); an entry
 * of its own so that what imports `auth` (the signed-in user, loaded by the shell) does not load forms.
 */
export { AuthLayout } from "./AuthLayout";
export { ChangePasswordForm } from "./ChangePasswordForm";
export { useFinishSignIn } from "./useFinishSignIn";
