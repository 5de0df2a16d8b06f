// Vietnamese first. English when asked for with ?lang=en (remembered), or when the browser's
// preferred languages include no Vietnamese at all.
export type Lang = 'vi' | 'en'
const STORE = 'toasoan.lang'
let current: Lang | undefined

export function detectLang(search = location.search, preferred: readonly string[] = navigator.languages ?? [navigator.language]): Lang {
  const asked = new URLSearchParams(search).get('lang')
  if (asked === 'vi' || asked === 'en') {
    try {
      localStorage.setItem(STORE, asked)
    } catch {
      /* storage may be disabled; the choice holds for this page */
    }
    return asked
  }
  let stored: string | null = null
  try {
    stored = localStorage.getItem(STORE)
  } catch {
    /* see above */
  }
  if (stored === 'vi' || stored === 'en') return stored
  if (!preferred.length || preferred.some((l) => l.toLowerCase().startsWith('vi'))) return 'vi'
  return 'en'
}

export function lang(): Lang {
  current ??= detectLang()
  return current
}

/** For a page that is Vietnamese whatever the browser prefers: only ?lang=en or a remembered choice switches it. */
export function vietnameseByDefault(): void {
  current = detectLang(location.search, ['vi'])
}

export function setLang(l: Lang): void {
  current = l
  try {
    localStorage.setItem(STORE, l)
  } catch {
    /* see above */
  }
  document.documentElement.lang = l
}

type Params = Record<string, string | number>
export type Messages<K extends string> = Record<Lang, Record<K, string>>

/** A translator over one page's messages; `{name}` placeholders are filled from params. */
export function translator<K extends string>(messages: Messages<K>) {
  return (key: K, params: Params = {}) => (messages[lang()][key] ?? messages.vi[key]).replace(/\{(\w+)\}/g, (_, p: string) => String(params[p] ?? `{${p}}`))
}

/** A link to the same page in the other language. */
export function otherLangHref(): { href: string; label: string; hreflang: Lang } {
  const other: Lang = lang() === 'vi' ? 'en' : 'vi'
  const url = new URL(location.href)
  url.searchParams.set('lang', other)
  return { href: url.pathname + url.search + url.hash, label: other === 'en' ? 'English' : 'Tiếng Việt', hreflang: other }
}
