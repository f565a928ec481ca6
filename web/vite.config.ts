import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Multi-page Vite build for the browser side of IOC Graph.
 *
 * Every page is an HTML file at the root of web/ and one entry in `pages`;
 * `vite build` writes web/dist/<page>.html plus hashed bundles in
 * web/dist/assets/. The gateway serves web/dist statically
 * (GET /graphiql -> dist/graphiql.html, GET /assets/* -> dist/assets/*).
 *
 * To add a page (e.g. the operations-room wall): create web/wall.html and
 * add `wall: 'wall.html'` below.
 */
const root = fileURLToPath(new URL('.', import.meta.url));

const pages = {
  graphiql: 'graphiql.html',
  wall: 'wall.html',
} satisfies Record<string, string>;

export default defineConfig({
  root,
  base: '/',
  // Nothing under web/public is needed; keep dist limited to the pages + assets.
  publicDir: false,
  oxc: {
    jsx: { runtime: 'automatic' },
  },
  worker: {
    // Monaco's editor/json/graphql workers are bundled as ES module workers.
    format: 'es',
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // monaco-editor alone is ~3 MB minified; the warning would be noise.
    chunkSizeWarningLimit: 4096,
    // Vite 8 bundles with Rolldown: `rolldownOptions` is the current name of
    // the former `rollupOptions` (still accepted as a deprecated alias).
    rolldownOptions: {
      input: Object.fromEntries(
        Object.entries(pages).map(([name, file]) => [name, fileURLToPath(new URL(file, import.meta.url))]),
      ),
      onwarn(warning, defaultHandler) {
        // framer-motion/radix ship "use client" directives: meaningless in a client bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        defaultHandler(warning);
      },
    },
  },
  server: {
    // `npm run dev -w web`: proxy the API to a locally running gateway.
    proxy: {
      '/graphql': {
        target: process.env.IOC_GATEWAY_URL ?? 'http://localhost:4000',
        changeOrigin: true,
        ws: true,
      },
    },
  },
});
