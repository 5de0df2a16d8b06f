// How database failures are told apart, in the shapes pg, adapter-pg and Prisma 7 give them.
import t from 'tap'
import {
  conflictOnForeignKey,
  isDatabaseUnavailable,
  isForeignKeyViolation,
  isTransientConflict,
  isUniqueViolation,
  prismaErrorStatus,
} from '../../src/db/errors.ts'
import { ConflictError } from '../../src/lib/errors.ts'

const prismaError = (code: string, meta: object) => Object.assign(new Error('Invalid `prisma.x()` invocation'), { code, meta, clientVersion: '7' })
const adapterCause = (cause: object) => ({ driverAdapterError: { name: 'DriverAdapterError', cause } })

t.test('database unavailable: pg codes, causes, adapter kinds, messages', async (t) => {
  t.ok(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })))
  t.ok(isDatabaseUnavailable(new Error('wrapped', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) })))
  t.ok(isDatabaseUnavailable(prismaError('P2039', adapterCause({ kind: 'DatabaseNotReachable' }))), 'an adapter kind inside Prisma meta')
  t.ok(isDatabaseUnavailable(prismaError('P2010', adapterCause({ kind: 'postgres', code: '57P03', originalCode: '57P03' }))))
  t.ok(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect')))
  t.notOk(isDatabaseUnavailable(new Error('boom')))
  t.notOk(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' })))
  t.notOk(isDatabaseUnavailable(undefined))
  t.notOk(isDatabaseUnavailable('ECONNREFUSED'), 'a bare string is no error object')
})

t.test('client-caused statuses: 409 unique, 404 missing, 400 text PostgreSQL refuses', async (t) => {
  t.equal(prismaErrorStatus(prismaError('P2002', {})), 409)
  t.equal(prismaErrorStatus(Object.assign(new Error('dup'), { code: '23505' })), 409)
  t.equal(prismaErrorStatus(prismaError('P2025', {})), 404)
  const nul = { kind: 'postgres', code: '22021', originalCode: '22021', message: 'invalid byte sequence for encoding "UTF8": 0x00' }
  t.equal(prismaErrorStatus(prismaError('P2039', { modelName: 'Article', ...adapterCause(nul) })), 400, 'NUL through a Prisma query')
  t.equal(prismaErrorStatus(prismaError('P2010', { code: '22021', message: nul.message })), 400, 'NUL through $queryRaw')
  t.equal(prismaErrorStatus(Object.assign(new Error(nul.message), { code: '22021' })), 400, 'NUL through the pool')
  t.equal(prismaErrorStatus(Object.assign(new Error('x'), { code: '22P05' })), 400)
  t.equal(prismaErrorStatus(Object.assign(new Error('syntax'), { code: '42601' })), undefined, 'a server-side SQL error stays a 500')
  t.equal(prismaErrorStatus(new Error('boom')), undefined)
})

t.test('foreign-key violations: a 409, from Prisma, raw queries and the pool alike', async (t) => {
  const fk = {
    kind: 'postgres',
    code: '23503',
    originalCode: '23503',
    message: 'insert or update on table "ArticleOrganization" violates foreign key constraint',
  }
  const shapes = [
    prismaError('P2003', { field_name: 'ArticleOrganization_organizationId_fkey' }),
    prismaError('P2010', { code: '23503', message: fk.message }),
    prismaError('P2039', adapterCause(fk)),
    new Error('transaction failed', { cause: Object.assign(new Error(fk.message), { code: '23503' }) }),
  ]
  for (const [i, e] of shapes.entries()) {
    t.equal(prismaErrorStatus(e), 409, `shape ${i}`)
    t.ok(isForeignKeyViolation(e), `shape ${i}`)
    t.notOk(isUniqueViolation(e), `shape ${i} is no unique violation`)
  }
  t.ok(isUniqueViolation(prismaError('P2002', {})))
  t.notOk(isForeignKeyViolation(prismaError('P2002', {})))
  const mapped = await conflictOnForeignKey(() => Promise.reject(shapes[2]), 'the organization was deleted meanwhile').catch((e: unknown) => e)
  t.ok(mapped instanceof ConflictError)
  t.match(mapped, { status: 409, message: 'the organization was deleted meanwhile' })
  const other = new Error('boom')
  t.equal(await conflictOnForeignKey(() => Promise.reject(other), 'x').catch((e: unknown) => e), other, 'anything else passes through')
  t.equal(await conflictOnForeignKey(async () => 7, 'x'), 7)
})

t.test('a cyclic cause chain ends', async (t) => {
  const e = new Error('loop') as Error & { cause?: unknown; meta?: unknown }
  e.cause = e
  e.meta = { driverAdapterError: e }
  t.equal(isDatabaseUnavailable(e), false)
  t.equal(prismaErrorStatus(e), undefined)
})

t.test('a transaction that lost to a concurrent one: deadlock, serialization, Prisma write conflict or expired transaction', async (t) => {
  t.ok(isTransientConflict(Object.assign(new Error('deadlock detected'), { code: '40P01' })), 'through the pool')
  t.ok(isTransientConflict(prismaError('P2010', adapterCause({ kind: 'postgres', code: '40001', originalCode: '40001' }))), 'inside Prisma meta')
  t.ok(isTransientConflict(prismaError('P2034', {})))
  t.ok(isTransientConflict(prismaError('P2028', {})), 'an interactive transaction past its time')
  t.notOk(isTransientConflict(Object.assign(new Error('duplicate key'), { code: '23505' })))
  t.notOk(isTransientConflict(new Error('boom')))
})
