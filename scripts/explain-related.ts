// Plans and timings of the related-articles and collection statements on a generated corpus
// (default 100,000 articles), in a scratch database created here and dropped afterwards. Prints
// Markdown (docs/performance.md "Related articles and collections" holds a run).
//   npx tsx scripts/explain-related.ts [--articles 100000] [--keep]
// Needs a PostgreSQL server: TEST_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres.
//
// The corpus: 90% published over the last years, the rest drafts, scheduled (half of them due) and
// archived; 60 sections (one holds a quarter of the articles); 150 organizations (one on a tenth,
// a third of the articles with a second one); 3,000 tags, three per article: one of ten hot tags
// (8,000–11,000 articles each), one of 500 medium ones (~200), one of 2,490 rare ones (~40). Plus
// the hard cases: an article with only rare tags, one with organizations only, one whose only tag
// is big but unused for years (3,000 old articles).
import pg from 'pg'
import { applyMigrations } from '../src/db/migrations.ts'
import { RELATED_SQL } from '../src/db/queries/related-articles.ts'
import { COLLECTION_SQL } from '../src/db/queries/public-collections.ts'
import { adminUrl, dropDatabase, withDatabase } from './lib/scratch-db.ts'

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined)
const articles = Number(arg('--articles') ?? 100_000)
const server = adminUrl()
const database = 'toasoan_explain_related'

const corpus = (n: number) => `
INSERT INTO "Author" (slug, name) SELECT 'tac-gia-' || g, 'Tác giả ' || g FROM generate_series(1, 200) g;
INSERT INTO "Organization" (slug, name, kind) SELECT 'to-chuc-' || g, 'Tổ chức ' || g, 'cell' FROM generate_series(1, 150) g;
INSERT INTO "OrganizationClosure" ("ancestorId", "descendantId", depth) SELECT id, id, 0 FROM "Organization";
INSERT INTO "Section" (slug, name) SELECT 'chuyen-muc-' || g, 'Chuyên mục ' || g FROM generate_series(1, 60) g;
INSERT INTO "SectionClosure" ("ancestorId", "descendantId", depth) SELECT id, id, 0 FROM "Section";
INSERT INTO "Tag" (slug, name) SELECT 'the-' || g, 'Thẻ ' || g FROM generate_series(1, 3000) g;
CREATE TEMP TABLE sec AS SELECT id, (substring(slug from 12))::int AS n FROM "Section";
CREATE TEMP TABLE og AS SELECT id, (substring(slug from 9))::int AS n FROM "Organization";
CREATE TEMP TABLE tg AS SELECT id, (substring(slug from 5))::int AS n FROM "Tag";
CREATE TEMP TABLE au AS SELECT id, (substring(slug from 9))::int AS n FROM "Author";
INSERT INTO "Article" (slug, title, lead, body, status, "publishedAt", "sectionId", "searchTitle", "searchText")
SELECT 'bai-viet-' || g, 'Bài viết số ' || g, 'Tóm tắt ' || g, '<p>Nội dung ' || g || '</p>',
  (CASE WHEN g % 100 < 90 THEN 'published' WHEN g % 100 < 95 THEN 'draft' WHEN g % 100 < 98 THEN 'scheduled' ELSE 'archived' END)::"ArticleStatus",
  CASE WHEN g % 100 BETWEEN 90 AND 94 THEN NULL
       WHEN g % 100 BETWEEN 95 AND 97 THEN now() + ((g % 2) * 2 - 1) * interval '1 day'
       ELSE now() - (${n} - g) * interval '15 minutes' END,
  (SELECT id FROM sec WHERE n = CASE WHEN g % 4 = 0 THEN 1 ELSE 2 + (g::bigint * 7919) % 59 END),
  ' bai viet so ' || g || ' ', ' bai viet so ' || g || ' '
FROM generate_series(1, ${n}) g;
CREATE TEMP TABLE art AS SELECT id, (substring(slug from 10))::int AS g FROM "Article";
INSERT INTO "ArticleSection" ("articleId", "sectionId") SELECT id, "sectionId" FROM "Article";
INSERT INTO "ArticleAuthor" ("articleId", "authorId", position) SELECT a.id, au.id, 0 FROM art a JOIN au ON au.n = 1 + (a.g * 31) % 200;
INSERT INTO "ArticleOrganization" ("articleId", "organizationId", position)
SELECT a.id, og.id, 0 FROM art a JOIN og ON og.n = CASE WHEN a.g % 10 = 0 THEN 1 ELSE 2 + (a.g::bigint * 104729) % 149 END;
INSERT INTO "ArticleOrganization" ("articleId", "organizationId", position)
SELECT a.id, og.id, 1 FROM art a JOIN og ON og.n = 2 + (a.g * 13) % 149 WHERE a.g % 3 = 0 ON CONFLICT DO NOTHING;
INSERT INTO "ArticleTag" ("articleId", "tagId", position)
SELECT a.id, tg.id, k FROM art a CROSS JOIN generate_series(0, 2) k
JOIN tg ON tg.n = CASE WHEN k = 0 AND a.g % 12 = 0 THEN 1 WHEN k = 0 THEN 2 + (a.g * 7) % 9
  WHEN k = 1 THEN 11 + (a.g * 101) % 500 ELSE 511 + (a.g * 613) % 2490 END
ON CONFLICT DO NOTHING;
INSERT INTO "Tag" (slug, name) VALUES ('the-cu', 'Thẻ cũ'), ('the-hiem', 'Thẻ hiếm');
INSERT INTO "ArticleTag" ("articleId", "tagId") SELECT a.id, (SELECT id FROM "Tag" WHERE slug = 'the-cu') FROM art a WHERE a.g BETWEEN 1 AND 3000;
INSERT INTO "ArticleTag" ("articleId", "tagId") SELECT a.id, (SELECT id FROM "Tag" WHERE slug = 'the-hiem') FROM art a WHERE a.g IN (10, 20, 30);
INSERT INTO "Article" (slug, title, lead, body, status, "publishedAt", "sectionId") VALUES
  ('chi-the-hiem', 'Chỉ thẻ hiếm', '', '', 'published', now() - interval '1 hour', (SELECT id FROM sec WHERE n = 1)),
  ('chi-to-chuc', 'Chỉ tổ chức', '', '', 'published', now() - interval '1 hour', NULL),
  ('the-cu-moi', 'Thẻ cũ, bài mới', '', '', 'published', now() - interval '1 hour', NULL);
INSERT INTO "ArticleTag" ("articleId", "tagId")
  SELECT (SELECT id FROM "Article" WHERE slug = 'chi-the-hiem'), id FROM "Tag" WHERE slug IN ('the-hiem', 'the-2999');
INSERT INTO "ArticleTag" ("articleId", "tagId") SELECT (SELECT id FROM "Article" WHERE slug = 'the-cu-moi'), id FROM "Tag" WHERE slug = 'the-cu';
INSERT INTO "ArticleOrganization" ("articleId", "organizationId") SELECT (SELECT id FROM "Article" WHERE slug = 'chi-to-chuc'), id FROM og WHERE n IN (1, 77);
-- collections of the newest 20 and 100 articles, drafts and the rest among them
INSERT INTO "Collection" (slug, name, "maxItems") VALUES ('tieu-diem', 'Tiêu điểm', 20), ('kho-lon', 'Kho lớn', 100);
INSERT INTO "CollectionItem" ("collectionId", "articleId", position)
SELECT c.id, a.id, row_number() OVER (PARTITION BY c.id ORDER BY a.g DESC) - 1
FROM "Collection" c JOIN art a ON a.g > ${n} - c."maxItems";
`

const admin = new pg.Client({ connectionString: server })
await admin.connect()
await dropDatabase(admin, database)
await admin.query(`CREATE DATABASE ${database}`)
const pool = new pg.Pool({ connectionString: withDatabase(server, database), max: 1 })
// the forced drop at the end may reach the pool's connection before it has closed
pool.on('error', () => {})

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!
const ms = (x: number) => `${x.toFixed(1)} ms`

try {
  await applyMigrations(pool)
  const started = Date.now()
  await pool.query(corpus(articles))
  await pool.query('VACUUM ANALYZE')
  console.log(`<!-- loaded ${articles} articles in ${((Date.now() - started) / 1000).toFixed(0)} s -->`)
  const version = (await pool.query('SHOW server_version')).rows[0].server_version
  const related = { name: 'related', text: RELATED_SQL }
  const collection = { name: 'collection', text: COLLECTION_SQL }
  const run = async (s: { name: string; text: string }, values: unknown[]) => {
    const t0 = process.hrtime.bigint()
    const { rows } = await pool.query({ ...s, values })
    return { rows, ms: Number(process.hrtime.bigint() - t0) / 1e6 }
  }
  const timed = async (s: { name: string; text: string }, values: unknown[], times = 30) => {
    for (let i = 0; i < 5; i++) await run(s, values)
    const xs: number[] = []
    for (let i = 0; i < times; i++) xs.push((await run(s, values)).ms)
    return xs
  }

  console.log(`\nPostgreSQL ${version}, ${articles.toLocaleString('en')} articles, one connection, named prepared statements, warm cache.\n`)
  console.log('| read | items | p50 | p95 |\n|---|---|---|---|')
  const sample = (await pool.query(`SELECT slug FROM "Article" WHERE status = 'published' ORDER BY md5(slug) LIMIT 300`)).rows.map((r) => r.slug as string)
  for (const limit of [5, 20]) {
    for (const s of sample.slice(0, 20)) await run(related, [s, new Date(), limit, '/media'])
    const xs: number[] = []
    for (const s of sample) xs.push((await run(related, [s, new Date(), limit, '/media'])).ms)
    console.log(
      `| related, 300 random published articles (a hot tag each), limit ${limit} | ${limit} | ${ms(percentile(xs, 0.5))} | ${ms(percentile(xs, 0.95))} |`,
    )
  }
  const cases: Array<[string, string]> = [
    ['only a rare tag (3 articles) and a medium one: section and organizations fill the rest', 'chi-the-hiem'],
    ['no tag, no section: organizations only (one on a tenth of the articles)', 'chi-to-chuc'],
    ['one big tag (3,000 articles) unused for years: read whole', 'the-cu-moi'],
  ]
  for (const [what, slug] of cases) {
    for (const limit of [5, 20]) {
      const xs = await timed(related, [slug, new Date(), limit, '/media'])
      const n = (await run(related, [slug, new Date(), limit, '/media'])).rows[0].items.length
      console.log(`| related, ${what}, limit ${limit} | ${n} | ${ms(percentile(xs, 0.5))} | ${ms(percentile(xs, 0.95))} |`)
    }
  }
  for (const slug of ['tieu-diem', 'kho-lon']) {
    const xs = await timed(collection, [slug, new Date(), '/media'])
    const n = (await run(collection, [slug, new Date(), '/media'])).rows[0].articles.length
    console.log(
      `| collection \`${slug}\` (${slug === 'tieu-diem' ? 20 : 100} placed, some not public) | ${n} | ` +
        `${ms(percentile(xs, 0.5))} | ${ms(percentile(xs, 0.95))} |`,
    )
  }

  const explain = async (title: string, s: { text: string }, values: unknown[]) => {
    const { rows } = await pool.query({ text: `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${s.text}`, values })
    const plan = rows.map((r) => r['QUERY PLAN'] as string)
    const at = plan.findIndex((l) => l.startsWith('Planning'))
    console.log(
      `\n### ${title}\n\n${plan.find((l) => l.startsWith('Execution'))}\n\n` +
        `<details><summary>plan</summary>\n\n\`\`\`\n${plan.slice(0, at).join('\n')}\n\`\`\`\n</details>`,
    )
  }
  let hot = articles
  while (hot % 12 !== 0 || hot % 100 >= 90) hot--
  await explain('Related, a hot tag (8,000 articles), limit 20', related, [`bai-viet-${hot}`, new Date(), 20, '/media'])
  await explain('Related, only a rare tag, limit 20', related, ['chi-the-hiem', new Date(), 20, '/media'])
  await explain('Collection of 100', collection, ['kho-lon', new Date(), '/media'])
} finally {
  await pool.end()
  if (!process.argv.includes('--keep')) await dropDatabase(admin, database)
  await admin.end()
}
