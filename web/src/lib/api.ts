// fetch against our own API, same origin. Failures become ApiError carrying the problem+json
// body, so forms can put field errors (`errors[].path` like "body/authorName") next to fields.
export interface FieldError { path: string; message: string }
export interface Problem { type?: string; title?: string; status: number; detail?: string; errors?: FieldError[]; [k: string]: unknown }

export class ApiError extends Error {
  constructor(readonly problem: Problem, readonly retryAfter: number | null = null) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`)
  }
  get status() { return this.problem.status }
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

export interface RequestOptions { method?: string; body?: unknown; token?: string | null; signal?: AbortSignal }

export async function request<T>(path: string, { method = 'GET', body, token, signal }: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (token) headers.authorization = `Bearer ${token}`
  let res: Response
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, cache: 'no-cache' })
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err
    throw new ApiError({ status: 0, title: 'Network error', detail: (err as Error).message })
  }
  if (res.status === 204) return undefined as T
  const text = await res.text()
  let data: unknown = null
  try { data = text ? JSON.parse(text) : null } catch { /* a proxy's HTML error page, say */ }
  if (!res.ok) {
    const problem = (data && typeof data === 'object' ? data : { detail: text.slice(0, 200) }) as Problem
    const retry = Number(res.headers.get('retry-after'))
    throw new ApiError({ ...problem, status: res.status }, Number.isFinite(retry) && retry > 0 ? retry : null)
  }
  return data as T
}
