import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { meQueryOptions } from "./api/me";
import { App } from "./app/App";
import { createQueryClient } from "./app/queryClient";
import { createAppRouter } from "./app/router";
import { initI18n } from "./i18n";

const queryClient = createQueryClient();
const router = createAppRouter({ queryClient });

// Takes index.html's preloaded answer at once on every page, also one whose guard does not ask (a preload left
// unused could answer a later request with a stale session); sign-ins overwrite it (useFinishSignIn).
void queryClient.prefetchQuery(meQueryOptions);

const container = document.getElementById("root");
if (!container) throw new Error("#root element is missing from index.html");

// The router fetches a route's code only after its parent's guard has answered (who is signed in), so the first
// screen's chunks (shell and page) would wait for that round trip; start them now, alongside it.
for (const route of router.getMatchedRoutes(router.latestLocation.pathname)[0])
  router.loadRouteChunk(route)?.catch(() => undefined);

// Translations and the first route (its guard and lazy chunk) load in parallel before the first render,
// so neither untranslated text nor a loading spinner flashes.
Promise.all([
  initI18n().catch((error: unknown) => console.error("i18n initialisation failed", error)),
  router.load().catch(() => undefined),
]).finally(() => {
  createRoot(container).render(
    <StrictMode>
      <App queryClient={queryClient} router={router} />
    </StrictMode>,
  );
});
