import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The server serves web/dist (STATIC_DIR) with an index.html fallback for client routes.
// `npm run build` runs `vite build` first (which empties dist) and vendors ReDoc into
// dist/vendor afterwards, so the vendored bundle always survives the build.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: "http://127.0.0.1:8000", changeOrigin: false },
      "/install.sh": "http://127.0.0.1:8000",
      "/mcp-setup.sh": "http://127.0.0.1:8000",
      "/mcp-setup.ps1": "http://127.0.0.1:8000",
    },
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./tests/setup.ts"],
    include: ["tests/**/*.test.{ts,tsx}"],
    restoreMocks: true,
  },
});
