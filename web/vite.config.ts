import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The API is served by Candor itself; in `vite dev` we proxy it so the app talks only to Candor's public API.
const candor = process.env.CANDOR_URL ?? "http://127.0.0.1:8080";

export default defineConfig({
  root: import.meta.dirname,
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    // The budget is checked by scripts/build-web.mjs on the gzipped size, not this raw-size warning.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { "/v1": candor, "/healthz": candor },
  },
});
