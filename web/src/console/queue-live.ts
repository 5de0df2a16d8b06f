// Changes other moderators make, as they happen (live.ts), applied to the open list without a
// reload: a decided comment leaves it, a claim shows who holds a comment, and new pending
// comments wait behind a button (the queue tab only).
import type { Me, StaffComment } from '../lib/types.ts'
import { onLive } from './live.ts'
import { t } from './messages.ts'
import { statusLabel } from './queue-item.ts'

export interface LiveList {
  user: Me
  /** the comments shown now, which the handlers may change in place */
  items: () => StaffComment[]
  /** whether new pending comments belong in this list */
  takesNew: () => boolean
  /** a comment this tab is deciding, or that an undo may put back on purpose */
  mine: (id: string) => boolean
  removed: (index: number, note: string) => void
  changed: () => void
  arrived: () => void
}

export function followLive(list: LiveList): () => void {
  const offs = [
    onLive('comment.decided', (d) => {
      const items = list.items()
      const i = items.findIndex((c) => c.id === d.id)
      // this tab's own decision is already applied, and an undo may have put it back on purpose;
      // a reported comment is approved to start with, so any decision on it takes it off that list
      if (i < 0 || list.mine(d.id) || (items[i]!.status === d.status && !items[i]!.hidden)) return
      list.removed(i, t('decidedElsewhere', { name: d.decidedBy?.name ?? t('system'), status: statusLabel(d.status) }))
    }),
    onLive('comment.claimed', (d) => {
      if (d.claimedBy.id === list.user.id) return
      let changed = false
      for (const c of list.items()) {
        if (d.ids.includes(c.id)) {
          c.claimedBy = d.claimedBy
          c.claimExpiresAt = d.claimExpiresAt
          changed = true
        }
      }
      if (changed) list.changed()
    }),
    onLive('comment.submitted', (d) => {
      if (d.status === 'pending' && list.takesNew()) list.arrived()
    }),
  ]
  return () => {
    for (const off of offs) off()
  }
}
