import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { precompress } from "./vite-precompress.ts";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  plugins: [react(), precompress()],
  // the manifest names the survey's chunk, which the server preloads from the HTML of /r (server/plugins/survey-preload.ts)
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 2500, manifest: true },
  server: { proxy: { "/api": "http://127.0.0.1:3000" } },
});
