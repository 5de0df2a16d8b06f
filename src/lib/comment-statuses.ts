// The vocabulary of comment moderation: the statuses a comment can have and the actions a
// moderator can take. Statuses come from the database enum (prisma/schema.prisma), which must
// exist anyway, so no second list can drift from what PostgreSQL accepts; actions have no column
// of their own and are listed here. Schemas, services, rules, seed and fixtures derive from these.
import { CommentStatus as DbCommentStatus } from '../generated/prisma/enums.ts'

export type CommentStatus = DbCommentStatus

/** In the database enum's order: pending, approved, rejected, spam. */
export const COMMENT_STATUSES: readonly CommentStatus[] = Object.values(DbCommentStatus)

export const MODERATION_ACTIONS = ['approve', 'reject', 'spam'] as const
export type ModerationAction = (typeof MODERATION_ACTIONS)[number]
