// A new comment as SQL, so the submission writes it and its outbox event in one statement
// (comments/comments.ts): Prisma's interactive transaction cost about a millisecond of the
// server's CPU and three round trips more on every comment, a third of a submission's work.
import { Prisma } from '../../generated/prisma/client.ts'

export interface NewComment {
  id: string
  articleId: string
  parentId: string | null
  authorName: string
  email: string | null
  content: string
  contentHash: string
  ipHash: string
  commenterId: string
  status: 'pending'
  flags: unknown[]
  createdAt: Date
  updatedAt: Date
}

/** `INSERT` of one comment; the other columns take their defaults, as Prisma's create leaves them. */
export function commentInsertSql(c: NewComment): Prisma.Sql {
  return Prisma.sql`INSERT INTO "Comment" (id, "articleId", "parentId", "authorName", email, content, "contentHash", "ipHash",
      "commenterId", status, flags, "createdAt", "updatedAt")
    VALUES (${c.id}::uuid, ${c.articleId}::uuid, ${c.parentId}::uuid, ${c.authorName}, ${c.email}, ${c.content}, ${c.contentHash},
      ${c.ipHash}, ${c.commenterId}, ${c.status}::"CommentStatus", ${JSON.stringify(c.flags)}::jsonb, ${c.createdAt}, ${c.updatedAt})`
}
