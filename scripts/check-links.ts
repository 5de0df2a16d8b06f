// Fails when a relative link in the repository's Markdown points at a missing file or heading.
// Usage: npx tsx scripts/check-links.ts [files…] (default: every tracked *.md outside node_modules)
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const anchor = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-')

const anchors = (file: string) =>
  new Set(
    readFileSync(file, 'utf8')
      .replace(/```[\s\S]*?```/g, '')
      .split('\n')
      .filter((l) => /^#{1,6} /.test(l))
      .map((l) => anchor(l.replace(/^#+ /, ''))),
  )

const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : execFileSync('git', ['ls-files', '*.md'], { encoding: 'utf8' })
      .split('\n')
      .filter((f) => f && !f.includes('node_modules'))

let broken = 0
for (const file of files) {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '')
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target!)) continue
    const [path, hash] = target!.split('#') as [string, string | undefined]
    const resolved = path ? normalize(join(dirname(file), path)) : file
    if (!existsSync(resolved)) {
      console.error(`${file}: ${target} → ${resolved} does not exist`)
      broken++
      continue
    }
    if (hash && resolved.endsWith('.md') && !anchors(resolved).has(hash)) {
      console.error(`${file}: ${target} → no heading #${hash}`)
      broken++
    }
  }
}
console.log(`${files.length} files, ${broken} broken links`)
process.exit(broken ? 1 : 0)
