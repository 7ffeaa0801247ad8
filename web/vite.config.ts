import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const backend = process.env.TANDEM_API_URL ?? "http://localhost:3000";
const proxy = {
  "/api": { target: backend, changeOrigin: false },
  "/healthz": backend,
  "/readyz": backend,
};

export default defineConfig({
  plugins: [react()],
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
