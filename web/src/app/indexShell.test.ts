import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const html = readFileSync(resolve(__dirname, "../../index.html"), "utf8");
const doc = new DOMParser().parseFromString(html, "text/html");

describe("index.html paints an app shell before the scripts arrive", () => {
  it("the root holds a skeleton of the header, navigation and page", () => {
    const shell = doc.querySelector("#root > [data-app-shell]");
    expect(shell).not.toBeNull();
    expect(shell?.getAttribute("aria-busy")).toBe("true");
    expect(shell?.querySelector(".boot-header")).not.toBeNull();
    expect(shell?.querySelectorAll(".boot-main .boot-block").length).toBeGreaterThan(2);
    expect(doc.querySelector("head style")?.textContent).toContain(".boot-block");
  });

  it("stays within the strict CSP: no inline script; inline styles only because the CSP allows them", () => {
    for (const script of doc.querySelectorAll("script")) {
      expect(script.getAttribute("src"), script.outerHTML).toBeTruthy();
      expect(script.textContent?.trim()).toBe("");
    }
    const headers = readFileSync(
      resolve(__dirname, "../../../server/src/platform/http/security-headers.ts"),
      "utf8",
    );
    expect(headers).toContain(`"script-src 'self'"`);
    expect(headers).toContain(`"style-src 'self' 'unsafe-inline'"`);
  });
});

describe("index.html asks who is signed in while the scripts download", () => {
  it("preloads GET /api/v1/me in the API client's credentials mode, and main.tsx takes it at start-up", () => {
    const preload = doc.querySelector('link[rel="preload"][href="/api/v1/me"]');
    expect(preload?.getAttribute("as")).toBe("fetch");
    // A fetch with credentials "same-origin" only matches a preload made with crossorigin="anonymous".
    expect(preload?.getAttribute("crossorigin")).toBe("anonymous");
    expect(readFileSync(resolve(__dirname, "../api/client.ts"), "utf8")).toContain(
      'credentials: "same-origin"',
    );
    expect(readFileSync(resolve(__dirname, "../main.tsx"), "utf8")).toContain(
      "queryClient.prefetchQuery(meQueryOptions)",
    );
  });
});
