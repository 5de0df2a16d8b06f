// Two pages, one build: the moderation console and the reader demo, served by the API
// (src/plugins/static-pages.ts) under /ui/ for assets, /console and /demo/{slug} for the pages.
// @toasoan/client needs no alias: npm links the workspace into node_modules and its package.json
// exports point at its TypeScript sources (clients/typescript/src), which Vite compiles like ours
// and web/tsconfig.json resolves the same way ("moduleResolution": "bundler").
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

export default defineConfig({
  root: here('.'),
  base: '/ui/',
  publicDir: false,
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    // the polyfill is only for old browsers, and it would be one more script to keep CSP-clean
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: { console: here('console/index.html'), demo: here('demo/index.html') },
    },
  },
})
