import t from 'tap'
import { nestTree, refusePagingWithTree } from '../../src/lib/tree.ts'

t.test('nests rows under their parents in the rows order; an orphan is a top node', async (t) => {
  const rows = [
    { id: 'a', parentId: null, name: 'Tỉnh' },
    { id: 'b', parentId: 'a', name: 'Khối' },
    { id: 'c', parentId: 'b', name: 'Chi bộ 2' },
    { id: 'd', parentId: 'b', name: 'Chi bộ 1' },
    { id: 'e', parentId: 'x', name: 'Mồ côi' },
  ]
  const top = nestTree(rows)
  t.same(
    top.map((n) => n.id),
    ['a', 'e'],
  )
  t.same(
    top[0]!.children[0]!.children.map((n) => n.name),
    ['Chi bộ 2', 'Chi bộ 1'],
    'children keep the rows order',
  )
  t.same(top[1]!.children, [])
})

t.test('tree=true refuses each paging parameter by name', async (t) => {
  t.doesNotThrow(() => refusePagingWithTree({}))
  let caught: unknown
  try {
    refusePagingWithTree({ page: 2, limit: 10 })
  } catch (err) {
    caught = err
  }
  t.match(caught, { status: 400, extra: { errors: [{ path: 'querystring/page' }, { path: 'querystring/limit' }] } })
})
