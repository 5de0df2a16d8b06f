// Event-loop delay while the worst accepted article bodies are POSTed through app.inject (and one
// refused body): the figure docs/security.md reports for the sanitiser bound.
//   TEST_DATABASE_URL=… npx tsx scripts/measure-body-limits.ts
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { build } from '../test/helper.ts'
import { tokenFor } from '../test/fixtures/users.ts'
import { newAuthor, newOrganization } from '../test/fixtures/editorial.ts'

const teardowns: Array<() => Promise<void>> = []
const t = { teardown: (f: () => Promise<void>) => teardowns.unshift(f) } as never
const ctx = await build(t)
await ctx.app.ready()
const editor = await tokenFor(ctx, 'editor')
const author = await newAuthor(ctx.app, editor.headers, { name: 'Đo Đạc' })
const org = await newOrganization(ctx.app, editor.headers, { name: 'Đảng bộ Đo', kind: 'provincial_committee' })
const MAX = 499_999
const ITEMS = 10_000
const prose = 'Phát triển Đảng ở cơ sở, nâng cao chất lượng sinh hoạt chi bộ. '
// `unit` (holding `per` elements + attributes) repeated to the item budget, inside `prefix`, then text to the size limit
const worst = (unit: string, per: number, prefix = '', prefixItems = 0) => {
  const markup = prefix + unit.repeat(Math.floor((ITEMS - prefixItems) / per))
  const room = MAX - markup.length
  return markup + prose.repeat(Math.ceil(room / prose.length)).slice(0, room)
}
const shapes: Record<string, string> = {
  'depth-100 blocks of <b>, text at the bottom': worst('<b>'.repeat(100) + '</b>'.repeat(100), 100),
  'depth 99 <b>, then flat <i>x</i>': worst('<i>x</i>', 1, '<b>'.repeat(99), 99),
  '<a href title target> (4 attrs)': worst('<a href="https://baongoclam.vn/bai-viet" title="Bài" target="_blank" rel="x">liên kết</a> ', 5),
  '<img src alt title width height>': worst('<img src="https://anh.vn/a.jpg" alt="Ảnh" title="t" width="640" height="480">', 6),
  'table rows of 4 cells': worst('<tr><td>1</td><td>2</td><td>3</td><td>4</td></tr>', 5, '<table>', 1),
  'refused images (x<img src=x>)': worst('x<img src=x>', 2),
  'depth-100 blocks of <div> (disallowed)': worst('<div>'.repeat(100) + '</div>'.repeat(100), 100),
  'junk attributes <b onclick=x>': worst('<b onclick=x>y</b>', 2),
  'over the limit (rejected): 166,000 nested <b>': '<b>'.repeat(166_000),
}
const rows = []
for (const [name, body] of Object.entries(shapes)) {
  for (let run = 0; run < 3; run++) {
    const h = monitorEventLoopDelay({ resolution: 5 })
    h.enable()
    // the histogram records the gap between its timer's ticks and skips the first: let it tick first
    await new Promise((r) => setTimeout(r, 50))
    const t0 = performance.now()
    const cpu0 = process.cpuUsage()
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/admin/articles',
      headers: editor.headers,
      payload: { title: `Đo ${name}`, lead: '', body, authorIds: [author.id], organizationIds: [org.id] },
    })
    const ms = performance.now() - t0
    const cpu = process.cpuUsage(cpu0)
    await new Promise((r) => setTimeout(r, 30))
    h.disable()
    rows.push({
      shape: name,
      run,
      len: body.length,
      status: res.statusCode,
      stored: res.statusCode === 201 ? res.json().body.length : 'refused',
      requestMs: ms.toFixed(0),
      cpuMs: ((cpu.user + cpu.system) / 1000).toFixed(0),
      maxMs: (h.max / 1e6).toFixed(1),
      p99Ms: (h.percentile(99) / 1e6).toFixed(1),
      n: h.count,
    })
  }
}
console.table(rows)
for (const f of teardowns) await f()
