// Public party-organization shapes (the editorial views live in admin-organizations.ts).
import { Type, type Static } from 'typebox'
import { ListMetaSchema, Slug, Uuid } from './common.ts'
import { treeListQuerySchema } from './tree-list.ts'
import { PublicMediaRef } from './media.ts'

export const OrganizationKindSchema = Type.Union(
  [Type.Literal('provincial_committee'), Type.Literal('bloc_committee'), Type.Literal('grassroots_committee'), Type.Literal('cell')],
  { description: 'tỉnh ủy / đảng bộ tỉnh, đảng bộ khối, đảng bộ cơ sở, chi bộ', examples: ['bloc_committee'] },
)

const root = {
  id: '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  slug: 'dang-bo-tinh-ngoc-lam',
  name: 'Đảng bộ tỉnh Ngọc Lâm',
  shortName: 'Tỉnh ủy Ngọc Lâm',
  kind: 'provincial_committee',
}
const bloc = {
  id: '7d2e4c1a-8b3f-4a6d-9e5c-1f2a3b4c5d62',
  slug: 'dang-bo-khoi-cac-co-quan-tinh-ngoc-lam',
  name: 'Đảng bộ Khối các Cơ quan tỉnh Ngọc Lâm',
  shortName: 'Đảng bộ Khối Cơ quan',
  kind: 'bloc_committee',
}
const school = {
  id: '9c8b7a6d-5e4f-4321-8fed-cba987654321',
  slug: 'dang-bo-so-giao-duc-va-dao-tao-tinh-ngoc-lam',
  name: 'Đảng bộ Sở Giáo dục và Đào tạo tỉnh Ngọc Lâm',
  shortName: 'Đảng bộ Sở GD&ĐT',
  kind: 'grassroots_committee',
}

const refProperties = {
  id: Uuid,
  slug: Type.String({ examples: [bloc.slug] }),
  name: Type.String({ examples: [bloc.name] }),
  shortName: Type.Union([Type.String(), Type.Null()], { examples: [bloc.shortName] }),
  kind: OrganizationKindSchema,
}
const properties = {
  ...refProperties,
  parentId: Type.Union([Uuid, Type.Null()], { description: 'null for a root' }),
  childCount: Type.Integer({ minimum: 0, description: 'organizations directly below', examples: [2] }),
  logo: Type.Union([PublicMediaRef, Type.Null()], { description: 'the logo from the media library (`logoId`), with its renditions' }),
}

export const OrganizationRefSchema = Type.Object(refProperties)
export const OrganizationSchema = Type.Object(properties, { examples: [{ ...bloc, parentId: root.id, childCount: 2, logo: null }] })

// a tree has no fixed depth, so its node refers to itself, which makes it a named component
// (OpenAPI: components/schemas/OrganizationNode) where every other public shape is inline
export const OrganizationNodeSchema = Type.Cyclic(
  {
    OrganizationNode: Type.Object({
      ...properties,
      children: Type.Optional(Type.Array(Type.Ref('OrganizationNode'), { description: 'present with `tree=true`' })),
    }),
  },
  'OrganizationNode',
)

const TreeMetaSchema = Type.Object(
  {
    total: Type.Integer({ minimum: 0, description: 'organizations in `data`, nested ones included' }),
    nextCursor: Type.Null({ description: 'a tree is never paged' }),
  },
  { description: 'with `tree=true`' },
)

export const OrganizationListSchema = Type.Object(
  {
    data: Type.Array(OrganizationNodeSchema),
    meta: Type.Union([ListMetaSchema, TreeMetaSchema]),
  },
  {
    description: 'Party organizations: a page of one level, or a nested tree',
    examples: [
      { data: [{ ...bloc, parentId: root.id, childCount: 2, logo: null }], meta: { page: 1, limit: 20, total: 1, totalPages: 1, nextCursor: null } },
      {
        data: [
          {
            ...root,
            parentId: null,
            childCount: 1,
            logo: null,
            children: [
              { ...bloc, parentId: root.id, childCount: 1, logo: null, children: [{ ...school, parentId: bloc.id, childCount: 0, logo: null, children: [] }] },
            ],
          },
        ],
        meta: { total: 3, nextCursor: null },
      },
    ],
  },
)
export type OrganizationList = Static<typeof OrganizationListSchema>

export const OrganizationDetailSchema = Type.Object(
  {
    ...properties,
    ancestors: Type.Array(OrganizationRefSchema, { description: 'from the root down to the parent, for breadcrumbs' }),
    children: Type.Array(OrganizationSchema, { description: 'one level below, ordered by slug' }),
  },
  {
    description: 'A party organization with its breadcrumbs and children',
    examples: [
      { ...bloc, parentId: root.id, childCount: 1, logo: null, ancestors: [root], children: [{ ...school, parentId: bloc.id, childCount: 0, logo: null }] },
    ],
  },
)
export type OrganizationDetail = Static<typeof OrganizationDetailSchema>

export const OrganizationListQuerySchema = treeListQuerySchema('organizations', bloc.slug, 'WyJkYW5nLWJvLWtob2kiXQ')
export type OrganizationListQuery = Static<typeof OrganizationListQuerySchema>

export const OrganizationSlugParamsSchema = Type.Object({ slug: Slug([bloc.slug]) })
