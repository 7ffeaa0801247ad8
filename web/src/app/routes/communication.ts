import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "./root";

// Messaging: message templates and conversations. (Automations and SMS providers are settings sections.)

const templatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/templates",
  component: lazyRouteComponent(() => import("../../features/templates/TemplatesPage"), "TemplatesPage"),
});

const conversationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/conversations",
  component: lazyRouteComponent(
    () => import("../../features/conversations/ConversationsPage"),
    "ConversationsPage",
  ),
});

const conversationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/conversations/$id",
  component: lazyRouteComponent(
    () => import("../../features/conversations/ConversationPage"),
    "ConversationPage",
  ),
});

export const communicationRoutes = [templatesRoute, conversationsRoute, conversationRoute] as const;
