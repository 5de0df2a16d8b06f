// The `from`/`to` publication-date filter: ISO dates or date-times, turned into a half-open
// interval [from, before). A bare date means that calendar day in Vietnam (UTC+07:00, no
// daylight saving), because that is the day a Vietnamese reader or editor means.
import { BadRequestError, type FieldError } from './errors.ts'

export const DATE_OR_DATE_TIME_PATTERN = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|z|[+ -]\\d{2}:\\d{2}))?$'

const VIETNAM_OFFSET_MS = 7 * 3_600_000
const DAY_MS = 86_400_000
const PARTS = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|z|[+ -]\d{2}:\d{2}))?$/

export interface DateRange {
  from?: Date
  before?: Date
}

interface Parsed {
  instant: number
  dateOnly: boolean
}

/** Date.UTC without its mapping of years 0–99 to 1900–1999. */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const d = new Date(Date.UTC(2000, 0, 1, hour, minute, second, ms))
  d.setUTCFullYear(year, month - 1, day)
  return d.getTime()
}

function daysInMonth(year: number, month: number): number {
  return new Date(utc(year, month + 1, 0)).getUTCDate()
}

/** The instant a date or date-time names, or undefined when it is not a real one (2026-02-30, 25:00). */
export function parseDateBound(text: string): Parsed | undefined {
  const m = PARTS.exec(text)
  if (!m) return undefined
  const [, y, mo, d, h, mi, s, frac, zone] = m
  const year = Number(y),
    month = Number(mo),
    day = Number(d)
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  if (h === undefined) return { instant: utc(year, month, day) - VIETNAM_OFFSET_MS, dateOnly: true }
  const hour = Number(h),
    minute = Number(mi),
    second = Number(s ?? 0)
  if (hour > 23 || minute > 59 || second > 59) return undefined
  // a '+' left unencoded in a query string arrives as a space
  let offsetMs = 0
  if (zone && zone.toUpperCase() !== 'Z') {
    const [oh, om] = zone.slice(1).split(':').map(Number) as [number, number]
    if (oh > 23 || om > 59) return undefined
    offsetMs = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000
  }
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0
  return { instant: utc(year, month, day, hour, minute, second, ms) - offsetMs, dateOnly: false }
}

/**
 * `from` is inclusive; `to` is inclusive too: through the end of its day for a bare date, through
 * that millisecond for a date-time (publication times are stored to the millisecond).
 */
export function dateRange(from: string | undefined, to: string | undefined): DateRange {
  const errors: FieldError[] = []
  const start = from === undefined ? undefined : parseDateBound(from)
  const end = to === undefined ? undefined : parseDateBound(to)
  if (from !== undefined && !start) errors.push({ path: 'querystring/from', message: 'is not a real date or date-time' })
  if (to !== undefined && !end) errors.push({ path: 'querystring/to', message: 'is not a real date or date-time' })
  if (errors.length) throw new BadRequestError(errors.map((e) => `${e.path} ${e.message}`).join('; '), errors)
  const range: DateRange = {}
  if (start) range.from = new Date(start.instant)
  if (end) range.before = new Date(end.instant + (end.dateOnly ? DAY_MS : 1))
  if (range.from && range.before && range.from >= range.before) {
    throw new BadRequestError('from is after to', [{ path: 'querystring/from', message: 'must not be after to' }])
  }
  return range
}
