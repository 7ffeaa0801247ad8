import type { Config } from "../../platform/config/config.js";

/** Absolute link to a page of the web app, for emails. */
export function appLink(config: Pick<Config, "PUBLIC_URL" | "PORT">, page: string, token: string): string {
  const base = (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, "");
  return `${base}/${page}?token=${encodeURIComponent(token)}`;
}
