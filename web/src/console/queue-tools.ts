// The tools beside the decisions, for the selected comment: the commenter panel (p), the
// editor's pick (f) and the newsroom's reply (t). The last two only for a public comment.
import { ok } from '../lib/api.ts'
import type { StaffComment } from '../lib/types.ts'
import { api } from './auth.ts'
import { openCommenterPanel } from './commenter-panel.ts'
import { t } from './messages.ts'
import { isPublic } from './queue-item.ts'
import { replyBox } from './reply-box.ts'
import { toast } from './ui.ts'

export interface ToolHost {
  /** the selected comment */
  current: () => StaffComment | undefined
  render: (focus: boolean) => void
  list: HTMLElement
}

export function queueTools(host: ToolHost) {
  // the one open reply box, kept across renders so a live update does not lose the draft
  let reply: { id: string; box: HTMLFormElement } | null = null
  let busy = false
  const focusSelected = () => host.list.querySelector<HTMLElement>('.item.selected')?.focus()
  const publicOne = (): StaffComment | null => {
    const c = host.current()
    if (c && !isPublic(c)) toast(t('onlyPublic'))
    return c && isPublic(c) ? c : null
  }

  return {
    replyBoxFor: (id: string) => (reply?.id === id ? reply.box : null),

    commenter(): void {
      const c = host.current()
      if (c) openCommenterPanel(c, focusSelected)
    },

    /** An editor's pick (shown first under sort=top), or no longer one. */
    async feature(): Promise<void> {
      const c = publicOne()
      if (!c || busy) return
      busy = true
      try {
        const path = { params: { path: { id: c.id } } }
        const res = await ok(c.featured ? api.POST('/v1/moderation/comments/{id}/unfeature', path) : api.POST('/v1/moderation/comments/{id}/feature', path))
        c.featured = res.featured
        host.render(true)
        toast(t(res.featured ? 'featuredDone' : 'unfeaturedDone', { name: c.authorName }))
      } catch (err) {
        toast(t('failed', { detail: (err as Error).message }))
      } finally {
        busy = false
      }
    },

    reply(): void {
      const c = publicOne()
      if (!c) return
      if (reply?.id !== c.id) {
        reply = {
          id: c.id,
          box: replyBox(c, () => {
            reply = null
            host.render(true)
          }),
        }
        host.render(false)
      }
      reply.box.querySelector('textarea')?.focus()
    },
  }
}
