// Captcha modes through the HTTP API on a real database: the default image, ALTCHA's proof of
// work (solved here with ALTCHA's own solver, as the reader's browser does), single use and
// expiry in both, and nothing but 400s for forged or malformed payloads.
import t from 'tap'
import sharp from 'sharp'
import { createChallenge, solveChallenge } from 'altcha-lib/v1'
import { build } from '../../helper.ts'
import { createArticle } from '../../fixtures/content.ts'

const encode = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64')

t.test('CAPTCHA=image (the default): a PNG data URL of about 200 px, no pow, no svg', async (t) => {
  const { app, config } = await build(t)
  t.equal(config.captcha, 'image')
  const res = await app.inject({ method: 'POST', url: '/v1/captchas' })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.same(Object.keys(body).sort(), ['expiresAt', 'id', 'image'])
  t.match(body.image, /^data:image\/png;base64,/)
  const meta = await sharp(Buffer.from(body.image.split(',')[1], 'base64')).metadata()
  t.ok(meta.width! >= 160 && meta.width! <= 240, `width ${meta.width}`)
})

t.test('CAPTCHA=pow', async (t) => {
  const { app, db } = await build(t, { CAPTCHA: 'pow', CAPTCHA_POW_MAXNUMBER: '2000', RATE_LIMIT_COMMENTS: '1000', RESPONSE_CACHE: 'off' })
  const article = await createArticle(db, { status: 'published', title: 'Bài thử bằng chứng công việc' })
  let ip = 0
  const comment = (captchaId: string, captchaAnswer: string) =>
    app.inject({
      method: 'POST',
      url: `/v1/articles/${article.slug}/comments`,
      remoteAddress: `10.9.0.${++ip}`,
      payload: { authorName: 'Bạn đọc', content: `Ý kiến ${ip}`, captchaId, captchaAnswer },
    })
  async function challenge() {
    const res = await app.inject({ method: 'POST', url: '/v1/captchas' })
    t.equal(res.statusCode, 201)
    return res.json() as { id: string; expiresAt: string; pow: { algorithm: string; challenge: string; salt: string; maxnumber: number; signature: string } }
  }
  async function solve(c: Awaited<ReturnType<typeof challenge>>) {
    const { pow } = c
    const found = await solveChallenge(pow.challenge, pow.salt, pow.algorithm, pow.maxnumber).promise
    return { algorithm: pow.algorithm, challenge: pow.challenge, number: found!.number, salt: pow.salt, signature: pow.signature }
  }

  await t.test("the challenge is ALTCHA's, signed, with the configured maxnumber and no image", async (t) => {
    const c = await challenge()
    t.same(Object.keys(c).sort(), ['expiresAt', 'id', 'pow'])
    t.match(c.pow, { algorithm: 'SHA-256', challenge: /^[0-9a-f]{64}$/, salt: /^[0-9a-f]{24}\?expires=\d+&$/, maxnumber: 2000, signature: /^[0-9a-f]{64}$/ })
    const row = await db.prisma.captcha.findUniqueOrThrow({ where: { id: c.id } })
    const number = String((await solve(c)).number)
    t.notMatch(row.answerHash, number, 'the secret number is stored only hashed')
  })

  await t.test('a solved payload is accepted once; the same payload again is refused', async (t) => {
    const c = await challenge()
    const payload = encode(await solve(c))
    t.ok(payload.length < 1000, `the payload (${payload.length} characters) fits captchaAnswer`)
    t.equal((await comment(c.id, payload)).statusCode, 202)
    const again = await comment(c.id, payload)
    t.equal(again.statusCode, 400)
    t.match(again.json().errors, [{ path: 'body/captchaAnswer' }])
  })

  await t.test('a payload solved for one challenge does not open another, and spends it', async (t) => {
    const a = await challenge()
    const b = await challenge()
    const solvedA = encode(await solve(a))
    t.equal((await comment(b.id, solvedA)).statusCode, 400)
    t.ok((await db.prisma.captcha.findUniqueOrThrow({ where: { id: b.id } })).usedAt, 'b is spent by the wrong try')
    t.equal((await comment(b.id, encode(await solve(b)))).statusCode, 400, 'even the right answer is too late for b')
    t.equal((await comment(a.id, solvedA)).statusCode, 202, 'a is untouched')
  })

  await t.test('forged, tampered, malformed and expired payloads are 400s, never 500s', async (t) => {
    // a challenge the client made and solved itself, signed with a key of its own
    const forged = await createChallenge({ hmacKey: 'not the server key', maxnumber: 10, number: 3 })
    const c1 = await challenge()
    t.equal((await comment(c1.id, encode({ ...forged, number: 3 }))).statusCode, 400, 'signed with another key')
    const c2 = await challenge()
    const solved2 = await solve(c2)
    t.equal((await comment(c2.id, encode({ ...solved2, number: solved2.number + 1 }))).statusCode, 400, 'wrong number')
    for (const garbage of ['', 'not base64 !!', encode('a string'), encode({ number: 'x' }), encode({ number: 1 }), encode(null), 'A'.repeat(1000)]) {
      const c = await challenge()
      const res = await comment(c.id, garbage)
      t.equal(res.statusCode, 400, `answer ${JSON.stringify(garbage.slice(0, 20))}`)
    }
    t.equal((await comment((await challenge()).id, 'A'.repeat(1001))).statusCode, 400, 'longer than captchaAnswer allows')
    const old = await challenge()
    const solvedOld = encode(await solve(old))
    await db.prisma.captcha.update({ where: { id: old.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    t.equal((await comment(old.id, solvedOld)).statusCode, 400, 'expired')
  })
})
