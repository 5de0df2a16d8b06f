// npm run user:create -- --email bientap@example.vn --role editor [--name "Trần Minh Đức"]
// Creates a staff user on the configured database (DATABASE_URL, or the embedded one in DATA_DIR;
// stop the server first in embedded mode). The password is read from a hidden prompt, or from stdin
// when piped — never from the command line, where shell history and `ps` would keep it.
import { parseArgs } from 'node:util'
import { Compile } from 'typebox/compile'
import { prepare } from '../src/bootstrap.ts'
import { loadConfigOrExit } from '../src/config.ts'
import { AppError } from '../src/lib/errors.ts'
import { PASSWORD_MIN_LENGTH } from '../src/lib/password-policy.ts'
import { ROLES, type Role } from '../src/schemas/auth.ts'
import { UserCreateSchema } from '../src/schemas/users.ts'
import { createUserService } from '../src/services/staff/users.ts'
import { systemAudit } from '../src/services/audit/record.ts'
import '../src/plugins/validation.ts' // registers the string formats (email) the schema uses

const MIN_PASSWORD = PASSWORD_MIN_LENGTH

function fail(message: string): never {
  console.error(`user:create: ${message}`)
  process.exit(1)
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
}

/** Reads a line from the terminal without echoing it. */
function prompt(question: string): Promise<string> {
  return new Promise((resolve) => {
    const stdin = process.stdin
    process.stderr.write(question)
    stdin.setRawMode(true)
    stdin.resume()
    stdin.setEncoding('utf8')
    let value = ''
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\u0003') {
          process.stderr.write('\n')
          process.exit(130)
        } // Ctrl-C
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          stdin.setRawMode(false)
          stdin.pause()
          stdin.off('data', onData)
          process.stderr.write('\n')
          return resolve(value)
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1)
        else value += ch
      }
    }
    stdin.on('data', onData)
  })
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readStdin()
  const first = await prompt('Password: ')
  if (first.length >= MIN_PASSWORD && (await prompt('Repeat it: ')) !== first) fail('the two passwords differ')
  return first
}

const { values } = parseArgs({
  options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
  strict: true,
})
if (values.password !== undefined) fail('--password is not accepted: type the password at the prompt or pipe it on stdin')
if (!values.email) fail('--email is required')
if (!values.role || !(ROLES as readonly string[]).includes(values.role)) fail(`--role must be one of ${ROLES.join(', ')}`)
const role = values.role as Role

const password = await readPassword()
if (password.length < MIN_PASSWORD) fail(`the password needs at least ${MIN_PASSWORD} characters`)
const input = { email: values.email, role, password, name: values.name ?? values.email.split('@')[0]! }
const [invalid] = Compile(UserCreateSchema).Errors(input)
if (invalid) fail(`${invalid.instancePath.slice(1) || 'input'} ${invalid.message}`)

const config = loadConfigOrExit('user:create')
const log = { info: (m: string) => console.error(`user:create: ${m}`), warn: (m: string) => console.error(`user:create: warning: ${m}`) }
const { db } = await prepare(config, log).catch((err: Error) => fail(`cannot open the database: ${err.message.split('\n')[0]}`))
try {
  const users = createUserService({ prisma: db.prisma, clock: () => new Date() })
  const user = await users.create(input, systemAudit('user:create'))
  console.log(`created ${user.role} ${user.email} (${user.id})`)
} catch (err) {
  await db.close()
  if (err instanceof AppError) fail(err.extra.errors?.map((e) => `${e.path}: ${e.message}`).join('; ') || err.message)
  throw err
}
await db.close()
