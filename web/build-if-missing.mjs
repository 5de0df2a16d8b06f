// `npm start` runs this first: it builds the console and demo pages when dist/web/ has none.
// A failed build does not stop the API from starting; those pages then answer 503.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const root = new URL('../dist/web/', import.meta.url)
if (['console', 'demo'].every((page) => existsSync(new URL(`${page}/index.html`, root)))) process.exit(0)

console.log('toasoan: building the console and demo pages (npm run build:web)')
const run = spawnSync('npm', ['run', '-s', 'build:web'], { stdio: 'inherit', cwd: new URL('..', import.meta.url) })
if (run.status !== 0) console.warn('toasoan: warning: the UI build failed; /console and /demo answer 503 until `npm run build:web` succeeds')
