// Sections on the staff side (the public shapes live in sections.ts).
import { Type, type Static } from 'typebox'
import { DateTime, Uuid } from './common.ts'
import { SlugSchema } from './admin-articles.ts'

export const SECTION_LIMITS = { name: 120 } as const

export const StaffSectionSchema = Type.Object({
  id: Uuid,
  slug: Type.String(),
  name: Type.String(),
  parentId: Type.Union([Uuid, Type.Null()]),
  position: Type.Integer({ description: 'menu order among siblings (lowest first)' }),
  createdAt: DateTime,
  updatedAt: DateTime,
})
export type StaffSection = Static<typeof StaffSectionSchema>

const fields = {
  name: Type.String({ minLength: 1, maxLength: SECTION_LIMITS.name * 3, examples: ['Xây dựng Đảng'] }),
  parentId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'null or absent: a top-level section' })),
  position: Type.Optional(Type.Integer({ minimum: -1_000_000, maximum: 1_000_000, description: 'menu order among siblings (default 0); ties by slug' })),
  slug: Type.Optional(SlugSchema),
}

export const SectionCreateSchema = Type.Object(fields, { additionalProperties: false })
export type SectionCreate = Static<typeof SectionCreateSchema>

export const SectionPatchSchema = Type.Object({ ...fields, name: Type.Optional(fields.name) }, { additionalProperties: false, minProperties: 1 })
export type SectionPatch = Static<typeof SectionPatchSchema>
