import { lang } from './i18n.ts'

// the newsroom's clock: dates read the same wherever the reader's browser is
const TIME_ZONE = 'Asia/Ho_Chi_Minh'
const locale = () => (lang() === 'vi' ? 'vi-VN' : 'en-GB')

export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(locale(), {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso))
}

/** "08:30 Thứ Hai, 17/11/2025": the dateline of a story. */
export function formatDateline(iso: string): string {
  return new Intl.DateTimeFormat(locale(), {
    timeZone: TIME_ZONE,
    weekday: 'long',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso))
}

/** "3 phút", "2 giờ 5 phút": coarse on purpose, it is read at a glance. */
export function formatAge(seconds: number): string {
  const vi = lang() === 'vi'
  const unit = (n: number, one: string, many: string, v: string) => `${n} ${vi ? v : n === 1 ? one : many}`
  if (seconds < 60) return unit(Math.max(0, Math.round(seconds)), 'second', 'seconds', 'giây')
  const m = Math.floor(seconds / 60)
  if (m < 60) return unit(m, 'minute', 'minutes', 'phút')
  const hours = Math.floor(m / 60)
  if (hours < 48) return `${unit(hours, 'hour', 'hours', 'giờ')} ${unit(m % 60, 'minute', 'minutes', 'phút')}`
  return unit(Math.floor(hours / 24), 'day', 'days', 'ngày')
}
