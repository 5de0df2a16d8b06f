// The zero-setup path: no DATABASE_URL, an embedded database in DATA_DIR, demo content, and a
// restart that keeps it all. Runs whatever TEST_DATABASE_URL says, so it can never silently break.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { loadConfig } from '../../src/config.ts'
import { prepare } from '../../src/bootstrap.ts'
import { buildApp, serverOptions } from '../../src/app.ts'

const dir = await mkdtemp(path.join(tmpdir(), 'toasoan-embedded-'))
t.teardown(() => rm(dir, { recursive: true, force: true }))
const config = loadConfig({ DATA_DIR: path.join(dir, 'nested', 'data'), LOG_LEVEL: 'silent' })
const quiet = { info() {}, warn() {} }

async function counts() {
  const { db, config: ready } = await prepare(config, quiet)
  try {
    const app = await buildApp({ config: ready, db }, serverOptions(ready))
    const health = await app.inject('/health/ready')
    // the demo's lead images: in the public list, their files served from DATA_DIR/media
    const listed = (await app.inject('/v1/articles')).json().data
    const lead = listed.find((a: { leadImage: unknown }) => a.leadImage)?.leadImage
    const file = lead ? await app.inject(lead.renditions.card.url) : undefined
    // the search's vectors and its tsquery parameter on the embedded database too: the newest title's last two words
    const words = listed[0].title.split(' ').slice(-2).join(' ')
    const found = (await app.inject(`/v1/articles?q=${encodeURIComponent(words)}&limit=100`)).json().data.map((a: { id: string }) => a.id)
    await app.close()
    const [articles, authors, organizations, comments, admins] = await Promise.all([
      db.prisma.article.count(),
      db.prisma.author.count(),
      db.prisma.organization.count(),
      db.prisma.comment.count(),
      db.prisma.user.count({ where: { role: 'admin' } }),
    ])
    const published = await db.prisma.article.count({ where: { status: 'published' } })
    const image = { alt: Boolean(lead?.alt), credit: lead?.credit, file: file?.statusCode, type: file?.headers['content-type'] }
    const searched = found.includes(listed[0].id)
    return {
      embedded: db.embedded,
      ready: health.statusCode,
      image,
      searched,
      articles,
      published,
      authors,
      organizations,
      comments,
      admins,
      secret: ready.jwtSecret,
    }
  } finally {
    await db.close()
  }
}

t.test('first start: migrated, seeded, first admin, ready', async (t) => {
  const first = await counts()
  t.equal(first.embedded, true)
  t.equal(first.ready, 200)
  t.equal(first.searched, true, 'a search finds the newest article by its title')
  t.ok(first.articles >= 10, `about a dozen demo articles (${first.articles})`)
  t.ok(first.published >= 8)
  t.equal(first.authors, 5)
  t.ok(first.organizations >= 8)
  t.ok(first.comments >= 4)
  t.equal(first.admins, 1, 'admin@localhost was created')
  t.same(first.image, { alt: true, credit: 'Ảnh: Tòa Soạn', file: 200, type: 'image/webp' }, 'demo lead images, described and stored')
  const stored = await readFile(path.join(config.dataDir, 'jwt-secret'), 'utf8')
  t.equal(stored.trim(), first.secret, 'the generated signing key is kept in DATA_DIR')

  const second = await counts()
  t.same({ ...second }, { ...first }, 'a restart keeps the data, seeds nothing twice, reuses the key')
})

t.test('DATA_DIR=memory:// writes nothing where the server starts, its signing key neither', async (t) => {
  const cwd = await mkdtemp(path.join(tmpdir(), 'toasoan-memory-'))
  const before = process.cwd()
  process.chdir(cwd)
  t.teardown(async () => {
    process.chdir(before)
    await rm(cwd, { recursive: true, force: true })
  })
  const memory = loadConfig({ DATA_DIR: 'memory://', SEED_DEMO: 'false', LOG_LEVEL: 'silent' })
  const warned: string[] = []
  const secrets: string[] = []
  for (let i = 0; i < 2; i++) {
    const { db, config: ready } = await prepare(memory, { info() {}, warn: (msg) => warned.push(msg) })
    secrets.push(ready.jwtSecret)
    await db.close()
  }
  // it was written to ./memory:/jwt-secret, read back by every later in-memory start there
  t.same(await readdir(cwd), [], 'no memory: folder with a key in it')
  t.ok(secrets.every((s) => s.length >= 32))
  t.not(secrets[0], secrets[1], 'each in-memory database signs with a key of its own')
  t.same(
    warned.filter((w) => w.includes('JWT_SECRET')),
    [],
    'no warning: the tokens cannot outlive the database anyway',
  )
})
