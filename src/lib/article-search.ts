// The folded search columns of an article, derived in this one place: the services write them with
// every change of the text, and the demo seed, test fixtures, benchmark dataset and explain corpus
// load rows with them, so every path searches the same text.
import { htmlToText, searchText } from './vietnamese.ts'

export function articleSearchColumns(a: { title: string; lead: string; body: string }): { searchTitle: string; searchText: string } {
  return { searchTitle: searchText(a.title), searchText: searchText(a.title, a.lead, htmlToText(a.body)) }
}
