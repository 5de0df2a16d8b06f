// The page's one client for our own API (same origin), typed from the API's OpenAPI document by
// @toasoan/client; the console adds the moderator's session to it (console/auth.ts). `ok()` turns
// an answer into its body or an ApiError carrying the problem+json, so forms can put field errors
// (`errors[].path` like "body/authorName") next to fields.
import { createToasoanClient, type Problem } from '@toasoan/client'

export const api = createToasoanClient({ headers: { accept: 'application/json' }, cache: 'no-cache' })

export class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    readonly retryAfter: number | null = null,
  ) {
    // the API always sends a title; a proxy's JSON may not
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`)
  }
  get status() {
    return this.problem.status
  }
  /** Field name → message, from paths such as "body/authorName" or "body/bannedWords/3". */
  fieldErrors(): Map<string, string> {
    const out = new Map<string, string>()
    for (const e of this.problem.errors ?? []) {
      const field = e.path.split('/')[1]
      if (field && !out.has(field)) out.set(field, e.message)
    }
    return out
  }
}

/** status 0: no answer at all */
export const networkError = (detail: string) => new ApiError({ type: 'about:blank', title: 'Network error', status: 0, detail })

/** The body of a 2xx answer; any other answer, or none, is thrown as an ApiError. */
export async function ok<R extends { data?: unknown; error?: unknown; response: Response }>(call: Promise<R>): Promise<NonNullable<R['data']>> {
  let result: R
  try {
    result = await call
  } catch (err) {
    // fetch rejects with a TypeError when no answer came (offline, DNS, CORS)
    throw err instanceof TypeError ? networkError(err.message) : err
  }
  const { data, error, response } = result
  if (response.ok) return data as NonNullable<R['data']>
  const retry = Number(response.headers.get('retry-after'))
  const problem: Problem =
    error && typeof error === 'object'
      ? { ...(error as Problem), status: response.status }
      : // a proxy's HTML error page, say, or no body at all
        {
          type: 'about:blank',
          title: response.statusText || `HTTP ${response.status}`,
          status: response.status,
          ...(typeof error === 'string' && error ? { detail: error.slice(0, 200) } : {}),
        }
  throw new ApiError(problem, Number.isFinite(retry) && retry > 0 ? retry : null)
}
