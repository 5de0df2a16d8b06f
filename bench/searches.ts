// The searches the scale targets ask (R3 in bench/sizes.ts) and docs/search-explain.md explains
// (scripts/explain-search.ts), on the bench's datasets (dataset.ts): split by how many articles match.
export const SEARCHES = [
  { id: 'R3a', name: 'a common word', q: 'dang vien', why: 'in nearly every article' },
  { id: 'R3b', name: 'a rare word', q: 'cap treo', why: 'one article in a thousand (dataset.ts RARE): 2 at 2,000 articles, 1,000 at a million' },
  { id: 'R3c', name: 'common and rare words', q: 'dang vien cap treo', why: 'the two above together' },
  { id: 'R3d', name: 'a name in eight articles', q: 'pac ngoi', why: 'the same eight articles at every size (dataset.ts NAMED), three by title' },
  { id: 'R3e', name: 'a common word and the name', q: 'dang vien pac ngoi', why: 'the common word with the name' },
] as const
