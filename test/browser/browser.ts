// Shared by the browser tests: Debian's Chromium through playwright-core (never a downloaded
// browser), the built pages, and a captcha generator whose answers the test can look up.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Test } from 'tap'
import { chromium, type Browser, type Page } from 'playwright-core'
import { DEFAULT_UI_ROOT } from '../../src/plugins/static-pages.ts'
import { captchaImage } from '../../src/lib/captcha-image.ts'

export const CHROMIUM = '/usr/bin/chromium'
// without the networking flags Chromium keeps calling Google's hosts, which this network refuses
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]
export const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url)

/** Why the browser tests cannot run here, or null. In CI a missing browser is a failure, never a skip. */
export function missingBrowser(): string | null {
  if (existsSync(CHROMIUM)) return null
  return `${CHROMIUM} is missing: install Debian's Chromium with \`apt-get install -y chromium\` (.ci/run does)`
}

/** Builds web/ into dist/web/ when it is not built yet, as `npm start` does. */
export function ensureBuiltUi(): void {
  if (['console', 'demo'].every((p) => existsSync(path.join(DEFAULT_UI_ROOT, p, 'index.html')))) return
  const run = spawnSync(process.execPath, [new URL('../../web/build-if-missing.mjs', import.meta.url).pathname], { stdio: 'inherit' })
  if (run.status !== 0) throw new Error('`npm run build` failed')
}

export async function launch(t: Test): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true })
  t.teardown(() => browser.close())
  return browser
}

/**
 * Collects what would otherwise pass silently: script errors, console errors (CSP violations
 * among them) and failed requests, which a happy path should have none of.
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`)
  })
  page.on('response', (res) => {
    if (res.status() >= 400) errors.push(`${res.status()} ${res.request().method()} ${res.url()}`)
  })
  return errors
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: new URL(name, ARTIFACTS).pathname, fullPage: true })
}

/** Real captcha images of answers the test chose, keyed by their data URL, so a test reads the answer off the page. */
export function knownCaptchas() {
  const answers = new Map<string, string>()
  let n = 0
  const generator = async () => {
    n += 1
    const text = `K${'ACEFGHJKMNPRTWXY34679'[n % 21]}7XM`
    const image = await captchaImage(text)
    answers.set(image, text)
    return { text, image }
  }
  /** The answer to the captcha an <img src="data:image/png;base64,..."> shows. */
  const answerFor = (src: string) => answers.get(src)
  return { generator, answerFor, issued: () => n }
}

interface AxeResult {
  violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }>
}

/**
 * WCAG 2.1 A/AA violations axe-core finds on the page as it is now (contrast, labels, names,
 * landmarks, lang). Evaluated through the DevTools protocol, so the page's CSP stays as served.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const source = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  await page.evaluate(source)
  const result = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`)) as AxeResult
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
}

/** Whether the page fits its viewport's width (nothing to scroll sideways). */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate('document.documentElement.scrollWidth <= window.innerWidth') as Promise<boolean>
}
