import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { redirectIfSignedIn, requireSession, validateRedirectSearch, validateTokenSearch } from "../guards";
import { rootRoute } from "./root";

// Pages outside the application shell: signing in, password recovery, invitations and the steps a
// session must complete (password change, forced two-factor setup) before the app opens.

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/login",
  validateSearch: validateRedirectSearch,
  beforeLoad: ({ context, search }) => redirectIfSignedIn(context, search.redirect),
  component: lazyRouteComponent(() => import("../../features/auth/LoginPage"), "LoginPage"),
});

const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/forgot-password",
  component: lazyRouteComponent(() => import("../../features/auth/ForgotPasswordPage"), "ForgotPasswordPage"),
});

const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/reset-password",
  validateSearch: validateTokenSearch,
  component: lazyRouteComponent(() => import("../../features/auth/ResetPasswordPage"), "ResetPasswordPage"),
});

const acceptInvitationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/accept-invitation",
  validateSearch: validateTokenSearch,
  component: lazyRouteComponent(
    () => import("../../features/auth/AcceptInvitationPage"),
    "AcceptInvitationPage",
  ),
});

const changePasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/change-password",
  validateSearch: validateRedirectSearch,
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import("../../features/auth/ChangePasswordPage"), "ChangePasswordPage"),
});

const twoFactorSetupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/two-factor-setup",
  validateSearch: validateRedirectSearch,
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import("../../features/two-factor/ForcedSetupPage"), "ForcedSetupPage"),
});

export const publicRoutes = [
  loginRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  acceptInvitationRoute,
  changePasswordRoute,
  twoFactorSetupRoute,
] as const;
