// Pieces shared by the public read schemas (articles, authors, organizations).
import { Type } from 'typebox'
import { problems } from './common.ts'

export { DEFAULT_LIMIT } from '../lib/paging.ts'

export const NotModifiedSchema = Type.Null({ description: 'Not Modified: the `If-None-Match` ETag is still current; no body' })

/** Responses of a cacheable public GET besides its 200: 304, and the problems it can answer. */
export const cachedResponses = (...problemCodes: number[]) => ({ 304: NotModifiedSchema, ...problems(...problemCodes) })

export const CACHE_NOTE = 'Cacheable: `ETag` (send it back in `If-None-Match` for a 304) and `Cache-Control: public, max-age, stale-while-revalidate`.'
