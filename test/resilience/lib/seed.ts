// What the cases need in the run's database, written directly (not through the API under test):
// published articles with open comments, an author, moderators and an editor with their tokens.
import type { Test } from 'tap'
import { openDatabase, type Database } from '../../../src/db/index.ts'
import { signAccessToken } from '../../../src/lib/tokens.ts'
import { createArticle, createAuthor } from '../../fixtures/content.ts'
import { createUser } from '../../fixtures/users.ts'
import { JWT_SECRET } from './cluster.ts'

export interface Staff {
  id: string
  token: string
  headers: { authorization: string }
}
export interface Seeded {
  db: Database
  articles: Array<{ id: string; slug: string }>
  authorId: string
  moderators: Staff[]
  editor: Staff
}

/** A pool of our own on the run's database, closed at teardown. */
export async function openRunDatabase(t: Test, databaseUrl: string): Promise<Database> {
  const db = await openDatabase({ databaseUrl, dataDir: '', poolSize: 4 })
  t.teardown(() => db.close().catch(() => {}))
  return db
}

export function token(user: { id: string; role: string }): Staff {
  const value = signAccessToken({ secret: JWT_SECRET, ttlSeconds: 3_600, now: new Date() }, { sub: user.id, role: user.role })
  return { id: user.id, token: value, headers: { authorization: `Bearer ${value}` } }
}

export async function seed(t: Test, databaseUrl: string, opts: { articles?: number; moderators?: number } = {}): Promise<Seeded> {
  const db = await openRunDatabase(t, databaseUrl)
  const author = await createAuthor(db)
  const articles = []
  for (let i = 0; i < (opts.articles ?? 5); i++) {
    const a = await createArticle(db, { title: `Bài viết kiểm thử sức chịu tải ${i}`, authorIds: [author.id] })
    articles.push({ id: a.id, slug: a.slug })
  }
  const moderators = []
  for (let i = 0; i < (opts.moderators ?? 4); i++) moderators.push(token(await createUser(db, { role: 'moderator' })))
  const editor = token(await createUser(db, { role: 'editor' }))
  return { db, articles, authorId: author.id, moderators, editor }
}

/** 202'd comments checked against the rows: each marker once, with the id the client was given. */
export async function verifyAccepted(db: Database, prefix: string, accepted: Map<string, string>) {
  const { rows } = await db.pool.query<{ id: string; content: string }>(`SELECT id, content FROM "Comment" WHERE content LIKE $1`, [`${prefix}%`])
  const byMarker = new Map<string, string[]>()
  for (const r of rows) {
    const marker = r.content.split(' ')[0]!
    byMarker.set(marker, [...(byMarker.get(marker) ?? []), r.id])
  }
  const missing = [...accepted.keys()].filter((m) => !byMarker.has(m))
  const duplicated = [...byMarker].filter(([, ids]) => ids.length > 1).map(([m]) => m)
  const wrongId = [...accepted].filter(([m, id]) => byMarker.get(m)?.length === 1 && byMarker.get(m)![0] !== id).map(([m]) => m)
  const unanswered = [...byMarker.keys()].filter((m) => !accepted.has(m)).length
  return { rows: rows.length, missing, duplicated, wrongId, unanswered, byMarker }
}
