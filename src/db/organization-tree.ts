// Closure-table maintenance for the organization hierarchy (db/closure-tree.ts holds the SQL).
import { closureTree } from './closure-tree.ts'

const tree = closureTree('OrganizationClosure')

export const linkNewOrganization = tree.linkNew
export const moveOrganization = tree.move
export const isInSubtree = tree.isInSubtree
