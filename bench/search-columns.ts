// The dataset's search columns, the ones articleSearchColumns derives, assembled from the folded
// words of the parts the generator joins. Folding works word by word, so a text's folded words are
// its parts' words in order; the few sentences the generator draws from are folded once each rather
// than in every article (folding whole texts was most of the load's time: about 0.5 ms an article).
// The articles the caller marks (some of every kind it makes) are compared with articleSearchColumns
// itself, so a change there that this assembly does not follow stops the load rather than loading
// other columns.
import { articleSearchColumns } from '../src/lib/article-search.ts'
import { searchWords, spacedWords } from '../src/lib/vietnamese.ts'

type Columns = ReturnType<typeof articleSearchColumns>

export interface ArticleParts {
  title: string
  /** the lead's sentences, joined by single spaces */
  lead: string[]
  /** the body's paragraphs (`<p>…</p>`, joined by line breaks), each its sentences joined by single spaces */
  paragraphs: string[][]
}

export function searchColumnsOf() {
  const folded = new Map<string, string[]>()
  const wordsOf = (sentence: string) => {
    let words = folded.get(sentence)
    if (!words) folded.set(sentence, (words = searchWords(sentence)))
    return words
  }
  /** The columns of an article made of these parts; `text` is what it stores (lead and body joined). */
  return (parts: ArticleParts, text: { lead: string; body: string }, check: boolean): Columns => {
    const titleWords = searchWords(parts.title)
    const words = [...titleWords, ...parts.lead.flatMap(wordsOf), ...parts.paragraphs.flat().flatMap(wordsOf)]
    const columns: Columns = { searchTitle: spacedWords(titleWords), searchText: spacedWords(words) }
    if (check) {
      const expected = articleSearchColumns({ title: parts.title, ...text })
      if (JSON.stringify(expected) !== JSON.stringify(columns)) {
        throw new Error(`the dataset's search columns differ from articleSearchColumns for "${parts.title}": bench/search-columns.ts`)
      }
    }
    return columns
  }
}
