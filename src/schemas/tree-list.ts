// The list query of a public tree (organizations, sections): one level below \`parent\` paged like
// every list, or the whole (sub)tree nested and unpaged with \`tree=true\`.
import { Type } from 'typebox'
import { CURSOR_PATTERN } from '../lib/paging.ts'
import { Slug } from './common.ts'
import { DEFAULT_LIMIT } from './public.ts'

export function treeListQuerySchema(plural: string, parentExample: string, cursorExample: string) {
  return Type.Object(
    {
      parent: Type.Optional(
        Slug([parentExample], `list the ${plural} directly below this one (with \`tree=true\`: everything below it, nested); an unknown slug is a 404`),
      ),
      tree: Type.Optional(
        Type.Boolean({
          default: false,
          description: 'nest the whole tree (or the subtree below `parent`) with `children`; not paged, so not with `page`, `cursor` or `limit`',
          examples: [true],
        }),
      ),
      page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'page number, from 1, with totals. Not with `cursor`.', examples: [1] })),
      cursor: Type.Optional(
        Type.String({
          pattern: CURSOR_PATTERN,
          maxLength: 300,
          description: 'opaque position from `meta.nextCursor`. Not with `page`.',
          examples: [cursorExample],
        }),
      ),
      // no schema default: a \`limit\` the client sent is refused with \`tree\`, one it left out is not
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: `${plural} per page (default ${DEFAULT_LIMIT})`, examples: [20] })),
    },
    { additionalProperties: false },
  )
}
