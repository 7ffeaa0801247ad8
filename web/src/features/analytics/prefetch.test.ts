import { createMemoryHistory } from "@tanstack/react-router";
import { describe, expect, it } from "vitest";
import { createQueryClient } from "../../app/queryClient";
import { createAppRouter } from "../../app/router";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { adminUser } from "../../test/render";

const item = (id: string, available = true) => ({
  id,
  dashboard: "sales",
  path: `/api/v1/analytics/${id.replace(".", "/")}`,
  chart: { type: "bar", x: "stage", y: ["count"] },
  available,
});

// The dashboard's figures are requested by its route, before the page (and ECharts) renders: data and code load
// at once instead of catalogue → render → widgets.
describe("the analytics dashboard route", () => {
  it("requests every widget the viewer may open while the route loads, with the URL's filters", async () => {
    const fetch = installFakeFetch({
      "GET /api/v1/me": () => json(adminUser),
      "GET /api/v1/analytics/widgets": () =>
        json({ items: [item("sales.funnel"), item("sales.forecast"), item("sales.win-rate", false)] }),
      "GET /api/v1/analytics/sales/funnel": () => json({ rows: [] }),
      "GET /api/v1/analytics/sales/forecast": () => json({ rows: [] }),
    });
    const queryClient = createQueryClient();
    const router = createAppRouter(
      { queryClient },
      createMemoryHistory({ initialEntries: ["/analytics/sales?from=2026-01-01"] }),
    );

    await router.load(); // nothing rendered

    const widgetCalls = fetch.calls.filter((c) => c.path.startsWith("/api/v1/analytics/sales/"));
    expect(widgetCalls.map((c) => `${c.path}${c.query}`).sort()).toEqual([
      "/api/v1/analytics/sales/forecast?from=2026-01-01",
      "/api/v1/analytics/sales/funnel?from=2026-01-01",
    ]);
  });

  it("loads even when the catalogue fails (the page shows that error)", async () => {
    const fetch = installFakeFetch({
      "GET /api/v1/me": () => json(adminUser),
      "GET /api/v1/analytics/widgets": () => json({ code: "internal" }, 500),
    });
    const queryClient = createQueryClient();
    const router = createAppRouter(
      { queryClient },
      createMemoryHistory({ initialEntries: ["/analytics/sales"] }),
    );

    await router.load();

    expect(router.state.status).toBe("idle");
    expect(router.state.matches.at(-1)?.status).toBe("success");
    expect(fetch.callsTo("GET /api/v1/analytics/sales/funnel")).toHaveLength(0);
  });
});
