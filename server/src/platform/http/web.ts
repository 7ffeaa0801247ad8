import fs from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import { problem, sendProblem } from "./problem.js";
import type { App } from "./types.js";

/** Vite's content-hashed output: a changed file gets a new name, so browsers may keep these for good. */
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[\w-]{8,}\.(?:js|css|woff2?|svg|png|jpe?g|webp)(?:\.br|\.gz)?$/;

/**
 * Serves the built web app with SPA fallback; API paths keep their problem+json 404s. Hashed assets are
 * cacheable for a year (a reload asks for nothing but the page and the API); the page itself is revalidated.
 * The build writes `.br`/`.gz` siblings (web/vite.config.ts), sent to browsers that accept them.
 */
export async function serveWeb(app: App, dir: string): Promise<void> {
  const hasWeb = fs.existsSync(path.join(dir, "index.html"));
  if (hasWeb)
    await app.register(fastifyStatic, {
      root: dir,
      prefix: "/",
      wildcard: false,
      index: false,
      preCompressed: true,
      setHeaders: (reply, file) => {
        if (HASHED_ASSET.test(file)) reply.header("cache-control", "public, max-age=31536000, immutable");
      },
    });
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split("?")[0] ?? "/";
    const isPage = request.method === "GET" && !url.startsWith("/api/") && !path.extname(url);
    if (hasWeb && isPage) {
      // Its own header: sendFile would otherwise set the static default (max-age=0) over it.
      return reply
        .type("text/html")
        .header("cache-control", "no-cache")
        .sendFile("index.html", { cacheControl: false });
    }
    return sendProblem(reply, request, problem(404, "not_found", `No route for ${request.method} ${url}.`));
  });
}
