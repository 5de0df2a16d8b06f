// Each case's figures: printed as TAP comments and kept in test-artifacts/resilience/<case>.json
// (git-ignored) so the README can quote the last run.
import { mkdir, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Test } from 'tap'

const DIR = fileURLToPath(new URL('../../../test-artifacts/resilience/', import.meta.url))

export async function report(t: Test, name: string, figures: Record<string, unknown>): Promise<void> {
  const line = (k: string, v: unknown) => `${name}: ${k} = ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`
  for (const [k, v] of Object.entries(figures)) t.comment(line(k, v))
  await mkdir(DIR, { recursive: true })
  await writeFile(`${DIR}${name}.json`, `${JSON.stringify({ case: name, at: new Date().toISOString(), ...figures }, null, 2)}\n`)
}

export const seconds = (ms: number) => Math.round(ms / 100) / 10
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** RESILIENCE_SECONDS shortens the long phases for development runs. */
export const loadSeconds = (full: number) => Math.max(5, Math.min(full, Number(process.env.RESILIENCE_SECONDS ?? full)))
