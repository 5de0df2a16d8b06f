import { Type, type Static } from 'typebox'
import { DateTime, Uuid } from './common.ts'
import { SlugSchema } from './admin-articles.ts'

export const ORGANIZATION_LIMITS = { name: 300, shortName: 120 } as const
export const OrganizationKindSchema = Type.Enum(['provincial_committee', 'bloc_committee', 'grassroots_committee', 'cell'])

export const StaffOrganizationSchema = Type.Object({
  id: Uuid,
  slug: Type.String(),
  name: Type.String(),
  shortName: Type.Union([Type.String(), Type.Null()]),
  kind: OrganizationKindSchema,
  parentId: Type.Union([Uuid, Type.Null()]),
  logoId: Type.Union([Uuid, Type.Null()], { description: 'the logo (a media id)' }),
  createdAt: DateTime,
  updatedAt: DateTime,
})
export type StaffOrganization = Static<typeof StaffOrganizationSchema>

const fields = {
  name: Type.String({ minLength: 1, maxLength: ORGANIZATION_LIMITS.name * 3, examples: ['Đảng bộ Khối các Cơ quan tỉnh'] }),
  shortName: Type.Optional(Type.Union([Type.String({ maxLength: ORGANIZATION_LIMITS.shortName * 3 }), Type.Null()])),
  kind: OrganizationKindSchema,
  parentId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'null or absent: a root organization' })),
  logoId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'a media id from the library (unknown: 400); null takes the logo off' })),
  slug: Type.Optional(SlugSchema),
}

export const OrganizationCreateSchema = Type.Object(fields, { additionalProperties: false })
export type OrganizationCreate = Static<typeof OrganizationCreateSchema>

export const OrganizationPatchSchema = Type.Object(
  {
    ...fields,
    name: Type.Optional(fields.name),
    kind: Type.Optional(fields.kind),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type OrganizationPatch = Static<typeof OrganizationPatchSchema>
