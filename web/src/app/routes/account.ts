import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "./root";

// The signed-in user's own pages (user menu): security (two-factor), profile, mailboxes.

const securityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/security",
  component: lazyRouteComponent(() => import("../../features/two-factor/SecurityPage"), "SecurityPage"),
});

const profileRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/profile",
  component: lazyRouteComponent(() => import("../../features/account/ProfilePage"), "ProfilePage"),
});

const mailboxesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/mailboxes",
  component: lazyRouteComponent(() => import("../../features/mailboxes/MailboxesPage"), "MailboxesPage"),
});

export const accountRoutes = [securityRoute, profileRoute, mailboxesRoute] as const;
