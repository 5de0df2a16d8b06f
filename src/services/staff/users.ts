// Staff accounts (admin only): create, list, change role, name, password, author link, disabled.
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts'
import { BadRequestError, ConflictError, NotFoundError } from '../../lib/errors.ts'
import { pagingOf } from '../../lib/paging.ts'
import { prismaPage, type SortKey } from '../../db/keyset.ts'
import { hashPassword } from '../../lib/password.ts'
import { passwordProblem } from '../../lib/password-policy.ts'
import { textInput } from '../../lib/text-input.ts'
import type { User, UserCreate, UserList, UserListQuery, UserPatch } from '../../schemas/users.ts'
import { NAME_MAX } from '../../schemas/users.ts'
import { normalizeEmail } from './auth.ts'
import type { Clock } from '../../lib/clock.ts'
import { changesOf, recordAudit, secretChanged, type AuditContext } from '../audit/record.ts'

export interface UserServiceDeps {
  prisma: PrismaClient
  clock: Clock
  /** scrypt cost; tests lower it */
  hashCost?: { N: number; r: number; p: number }
}

// every column but passwordHash: the hash never leaves this service
const select = { id: true, email: true, name: true, role: true, authorId: true, disabled: true, createdAt: true, updatedAt: true } as const
type Row = Prisma.UserGetPayload<{ select: typeof select }>

const toUser = (u: Row): User => ({ ...u, createdAt: u.createdAt.toISOString(), updatedAt: u.updatedAt.toISOString() })

type Tx = Prisma.TransactionClient

/** The password rules (lib/password-policy.ts) as a field error of `body/password`. */
export function checkPassword(text: { fail(path: string, message: string): void }, password: string, path = 'body/password') {
  const problem = passwordProblem(password)
  if (problem) text.fail(path, problem)
}

// deliberately loose (one @, a dot in the domain, no spaces): the real check is whether mail arrives
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/

const OLDEST_FIRST: SortKey[] = [
  { field: 'createdAt', dir: 'asc', type: 'date' },
  { field: 'id', dir: 'asc', type: 'uuid' },
]

export function createUserService(deps: UserServiceDeps) {
  const { prisma, clock } = deps
  const hash = (password: string) => hashPassword(password, deps.hashCost)

  async function checkAuthor(tx: Tx, authorId: string | null | undefined, userId?: string) {
    if (!authorId) return
    const author = await tx.author.findUnique({ where: { id: authorId }, select: { id: true, user: { select: { id: true } } } })
    if (!author) throw new BadRequestError(`unknown author ${authorId}`, [{ path: 'body/authorId', message: `unknown author ${authorId}` }])
    if (author.user && author.user.id !== userId) throw new ConflictError('that author profile belongs to another user', { authorId })
  }

  /** The last enabled admin cannot be demoted or disabled: nobody could manage users after. */
  async function keepAnAdmin(tx: Tx, user: Row, patch: UserPatch) {
    const losesAdmin = user.role === 'admin' && !user.disabled && ((patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true)
    if (!losesAdmin) return
    const others = await tx.user.count({ where: { role: 'admin', disabled: false, id: { not: user.id } } })
    if (others === 0) throw new ConflictError('this is the last enabled admin; make another admin first')
  }

  return {
    async list(query: UserListQuery): Promise<UserList> {
      const where = query.role ? { role: query.role } : {}
      return prismaPage(
        pagingOf(query),
        OLDEST_FIRST,
        (w) => prisma.user.findMany({ ...w, where: { AND: [where, w.where] }, select }),
        () => prisma.user.count({ where }),
        (rows) => rows.map(toUser),
      )
    },

    async get(id: string): Promise<User> {
      const row = await prisma.user.findUnique({ where: { id }, select })
      if (!row) throw new NotFoundError('no such user')
      return toUser(row)
    },

    async create(input: UserCreate, by: AuditContext): Promise<User> {
      const text = textInput()
      const name = text.line('body/name', input.name, NAME_MAX)
      const email = normalizeEmail(input.email)
      if (!EMAIL.test(email) || email.length > 254) text.fail('body/email', 'must be an email address')
      checkPassword(text, input.password)
      text.done()
      const passwordHash = await hash(input.password)
      return prisma.$transaction(async (tx) => {
        if (await tx.user.findUnique({ where: { email }, select: { id: true } })) throw new ConflictError('a user with this email exists', { email })
        await checkAuthor(tx, input.authorId)
        const row = await tx.user.create({
          data: { email, name, role: input.role, passwordHash, authorId: input.authorId ?? null, disabled: input.disabled ?? false },
          select,
        })
        await recordAudit(tx, { by, action: 'create', entity: 'user', entityId: row.id, changes: { ...changesOf(null, row), password: secretChanged() } })
        return toUser(row)
      })
    },

    async update(id: string, patch: UserPatch, by: AuditContext): Promise<User> {
      const text = textInput()
      const name = patch.name === undefined ? undefined : text.line('body/name', patch.name, NAME_MAX)
      if (patch.password !== undefined) checkPassword(text, patch.password)
      text.done()
      const passwordHash = patch.password === undefined ? undefined : await hash(patch.password)
      // serialised: two admins demoting each other at once must not leave no admin at all
      return prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('toasoan:users'))`
        const user = await tx.user.findUnique({ where: { id }, select })
        if (!user) throw new NotFoundError('no such user')
        await keepAnAdmin(tx, user, patch)
        await checkAuthor(tx, patch.authorId, id)
        // a new password, another role or a disable ends every session: the version bump kills the
        // access tokens, and re-enabling later does not bring them back
        const signsOut = passwordHash !== undefined || patch.disabled === true || (patch.role !== undefined && patch.role !== user.role)
        const row = await tx.user.update({
          where: { id },
          data: {
            name,
            role: patch.role,
            disabled: patch.disabled,
            passwordHash,
            authorId: patch.authorId,
            tokenVersion: signsOut ? { increment: 1 } : undefined,
          },
          select,
        })
        // after the bump, which holds the row a concurrent refresh reads FOR SHARE: a rotation that
        // got the row first has committed by now, so this statement sees and revokes its successor
        if (signsOut) await tx.refreshToken.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: clock() } })
        const changes = { ...changesOf(user, row), ...(passwordHash !== undefined && { password: secretChanged() }) }
        await recordAudit(tx, { by, action: 'update', entity: 'user', entityId: id, changes })
        return toUser(row)
      })
    },
  }
}

export type UserService = ReturnType<typeof createUserService>
