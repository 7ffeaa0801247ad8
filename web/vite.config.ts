import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/**
 * Writes `.br` and `.gz` next to every emitted script and stylesheet; the server sends them to browsers that
 * accept them (`@fastify/static` `preCompressed`), so the app's JavaScript is not sent uncompressed.
 */
function precompress(): Plugin {
  return {
    name: "tandem-precompress",
    apply: "build",
    writeBundle(options, bundle) {
      const dir = options.dir ?? "dist";
      for (const [file, output] of Object.entries(bundle)) {
        if (!/\.(js|css|svg)$/.test(file)) continue;
        const source = output.type === "chunk" ? output.code : output.source;
        if (source.length < 1024) continue;
        const data = Buffer.from(source);
        writeFileSync(join(dir, `${file}.gz`), gzipSync(data, { level: 9 }));
        writeFileSync(
          join(dir, `${file}.br`),
          brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

const backend = process.env.TANDEM_API_URL ?? "http://localhost:3000";
const proxy = {
  "/api": { target: backend, changeOrigin: false },
  "/healthz": backend,
  "/readyz": backend,
};

export default defineConfig({
  plugins: [react(), precompress()],
  resolve: {
    // web/ and the repository root may hold different copies of these; always bundle exactly one.
    dedupe: ["react", "react-dom", "@mantine/core", "@mantine/hooks", "@tanstack/react-query"],
  },
  server: { port: 5173, proxy },
  preview: { port: 4173, proxy },
  build: {
    outDir: "dist",
    manifest: true,
    sourcemap: true,
    target: "es2022",
  },
});
