// Public section shapes (the editorial views live in admin-sections.ts).
import { Type, type Static } from 'typebox'
import { ListMetaSchema, Slug, Uuid } from './common.ts'
import { treeListQuerySchema } from './tree-list.ts'

const top = { id: '2f6c1d8e-3a4b-4c5d-8e9f-0a1b2c3d4e5f', slug: 'xay-dung-dang', name: 'Xây dựng Đảng' }
const child = { id: '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d', slug: 'cong-tac-kiem-tra', name: 'Công tác kiểm tra' }

const refProperties = {
  id: Uuid,
  slug: Type.String({ examples: [top.slug] }),
  name: Type.String({ examples: [top.name] }),
}
const properties = {
  ...refProperties,
  parentId: Type.Union([Uuid, Type.Null()], { description: 'null for a top-level section' }),
  position: Type.Integer({ description: 'menu order among siblings (lowest first; ties by slug)', examples: [0] }),
  childCount: Type.Integer({ minimum: 0, description: 'sections directly below', examples: [2] }),
}

export const SectionRefSchema = Type.Object(refProperties)
export const SectionSchema = Type.Object(properties, { examples: [{ ...top, parentId: null, position: 1, childCount: 1 }] })

// a tree has no fixed depth, so its node refers to itself, which makes it a named component
export const SectionNodeSchema = Type.Cyclic(
  {
    SectionNode: Type.Object({
      ...properties,
      children: Type.Optional(Type.Array(Type.Ref('SectionNode'), { description: 'present with `tree=true`' })),
    }),
  },
  'SectionNode',
)

const TreeMetaSchema = Type.Object(
  {
    total: Type.Integer({ minimum: 0, description: 'sections in `data`, nested ones included' }),
    nextCursor: Type.Null({ description: 'a tree is never paged' }),
  },
  { description: 'with `tree=true`' },
)

export const SectionListSchema = Type.Object(
  { data: Type.Array(SectionNodeSchema), meta: Type.Union([ListMetaSchema, TreeMetaSchema]) },
  {
    description: 'Sections: a page of one level, or a nested tree, in menu order',
    examples: [
      { data: [{ ...top, parentId: null, position: 1, childCount: 1 }], meta: { page: 1, limit: 20, total: 1, totalPages: 1, nextCursor: null } },
      {
        data: [{ ...top, parentId: null, position: 1, childCount: 1, children: [{ ...child, parentId: top.id, position: 0, childCount: 0, children: [] }] }],
        meta: { total: 2, nextCursor: null },
      },
    ],
  },
)
export type SectionList = Static<typeof SectionListSchema>

export const SectionDetailSchema = Type.Object(
  {
    ...properties,
    ancestors: Type.Array(SectionRefSchema, { description: 'from the top down to the parent, for breadcrumbs' }),
    children: Type.Array(SectionSchema, { description: 'one level below, in menu order' }),
  },
  {
    description: 'A section with its breadcrumbs and children',
    examples: [{ ...child, parentId: top.id, position: 0, childCount: 0, ancestors: [top], children: [] }],
  },
)
export type SectionDetail = Static<typeof SectionDetailSchema>

export const SectionListQuerySchema = treeListQuerySchema('sections', top.slug, 'WzAsInRob2ktc3UiXQ')
export type SectionListQuery = Static<typeof SectionListQuerySchema>

export const SectionSlugParamsSchema = Type.Object({ slug: Slug([top.slug]) })
