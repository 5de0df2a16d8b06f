// Strict XML checks for the feed and sitemap tests: libxml2's xmllint (compiled to WebAssembly,
// from npm) parses every document and validates sitemaps against the vendored schemas.
import { readFileSync } from 'node:fs'
import { validateXML } from 'xmllint-wasm'

const dir = new URL('../fixtures/sitemaps/', import.meta.url)
const file = (name: string) => ({ fileName: name, contents: readFileSync(new URL(name, dir), 'utf8') })

export const SCHEMAS = {
  index: 'siteindex.xsd',
  urlset: 'sitemap.xsd',
  news: 'news-urlset.xsd',
} as const

/** Problems xmllint finds: [] when `xml` is well-formed (and valid against `schema` when given). */
export async function xmlProblems(xml: string, schema?: keyof typeof SCHEMAS): Promise<string[]> {
  const doc = { fileName: 'doc.xml', contents: xml }
  const result = schema
    ? await validateXML({ xml: doc, schema: file(SCHEMAS[schema]), preload: [file('sitemap.xsd'), file('sitemap-news.xsd')] })
    : await validateXML({ xml: doc, normalization: 'format' })
  return result.errors.map((e) => e.rawMessage)
}

/** The text of every `<name>` element (no nesting), entities decoded. */
export function texts(xml: string, name: string): string[] {
  const re = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, 'g')
  return [...xml.matchAll(re)].map((m) => decode(m[1]!))
}

/** An attribute of every `<name …>` element that has it. */
export function attributes(xml: string, name: string, attribute: string): string[] {
  const re = new RegExp(`<${name}\\s[^>]*\\b${attribute}="([^"]*)"`, 'g')
  return [...xml.matchAll(re)].map((m) => decode(m[1]!))
}

function decode(s: string): string {
  const cdata = /^<!\[CDATA\[([\s\S]*)\]\]>$/.exec(s.trim())
  if (cdata) return cdata[1]!.replaceAll(']]]]><![CDATA[>', ']]>')
  return s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!)
}
