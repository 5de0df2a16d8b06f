// What counts as a link in a reader comment. Dependency-free, so the moderation console's
// highlighter can import the very same pattern the server's rules count with.
const TLDS = 'com|net|org|info|biz|xyz|top|vn|io|co|me|link|click|site|online|shop'
export const LINK_PATTERN = new RegExp(
  String.raw`\b(?:https?:\/\/|www\.)[^\s<>"']+|\b[a-z0-9][a-z0-9-]{0,62}\.(?:${TLDS})(?:\.[a-z]{2})?\b(?:\/[^\s<>"']*)?`,
  'gi',
)

export function countLinks(text: string): number {
  return text.match(LINK_PATTERN)?.length ?? 0
}
