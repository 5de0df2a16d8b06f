// `npm start` and `npm run worker` run this first: production runs the compiled JavaScript in dist/,
// built here when it is missing or older than a file under src/ (a `git pull` without a build).
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const built = (file) => {
  try {
    return statSync(path.join(root, 'dist', file)).mtimeMs
  } catch {
    return 0
  }
}
const oldest = Math.min(built('server.js'), built('worker.js'))

function newestSource(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs)
  }
  return newest
}

if (oldest > 0 && newestSource(path.join(root, 'src')) <= oldest) process.exit(0)
console.log(`toasoan: ${oldest ? 'src/ changed since the last build' : 'no build yet'}: compiling the server (npm run build:server)`)
const run = spawnSync('npm', ['run', '-s', 'build:server'], { stdio: 'inherit', cwd: root })
process.exit(run.status ?? 1)
