// Closure-table maintenance for the section hierarchy (db/closure-tree.ts holds the SQL).
import { closureTree } from './closure-tree.ts'

export const sectionTree = closureTree('SectionClosure')
