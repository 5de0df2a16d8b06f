// ETags for versioned resources (articles): `"<id>:<version>"`, and If-Match read back into the
// versions it names. Weak forms (W/"…") are accepted too: the version is what is compared.

export const versionEtag = (id: string, version: number) => `"${id}:${version}"`

/**
 * undefined: no (or a blank) If-Match; `*`: any version; otherwise the versions of this resource it
 * names — an empty list when it names none (an ETag of something else), which matches nothing.
 */
export function parseIfMatch(header: string | undefined, id: string): '*' | number[] | undefined {
  const value = header?.trim()
  if (!value) return undefined
  if (value === '*') return '*'
  const versions: number[] = []
  for (const part of value.split(',')) {
    const tag = /^\s*(?:W\/)?"([^"]*)"\s*$/.exec(part)?.[1]
    const [etagId, version] = tag?.split(':') ?? []
    if (etagId === id && version && /^\d{1,9}$/.test(version)) versions.push(Number(version))
  }
  return versions
}
