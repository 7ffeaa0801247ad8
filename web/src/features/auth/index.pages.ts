/**
 * The sign-in flow's layout and finish step, reused by the forced two-factor setup; an entry of its own so that
 * what imports `auth` (the signed-in user, loaded by the shell) does not load pages.
 */
export { AuthLayout } from "./AuthLayout";
export { useFinishSignIn } from "./useFinishSignIn";
