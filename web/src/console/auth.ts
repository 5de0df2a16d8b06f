// The moderator's session: the token pair lives in memory and in sessionStorage (so a reload
// keeps the tab signed in, and closing the tab ends it). The access token is refreshed shortly
// before it expires, and once more on a 401; one refresh at a time, since refresh tokens are
// single-use and reusing one revokes the whole chain. The page's client carries the session
// through a middleware, so every view just calls `api`.
import type { Middleware } from 'openapi-fetch'
import { ApiError, api, ok } from '../lib/api.ts'
import type { TokenPair } from '../lib/types.ts'
import { t } from './messages.ts'

export { api }

interface Session {
  accessToken: string
  refreshToken: string
  expiresAt: number
}
const STORE = 'toasoan.console.session'

let session: Session | null = read()
let refreshing: Promise<boolean> | null = null
let timer: ReturnType<typeof setTimeout> | undefined
let signedOut: (reason: 'expired' | 'logout') => void = () => {}

function read(): Session | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(STORE) ?? 'null') as Session | null
    return s && typeof s.accessToken === 'string' && typeof s.refreshToken === 'string' ? s : null
  } catch {
    return null
  }
}

function store(pair: TokenPair | null): void {
  clearTimeout(timer)
  session = pair ? { accessToken: pair.accessToken, refreshToken: pair.refreshToken, expiresAt: Date.now() + pair.expiresIn * 1000 } : null
  try {
    if (session) sessionStorage.setItem(STORE, JSON.stringify(session))
    else sessionStorage.removeItem(STORE)
  } catch {
    /* private mode: memory alone still works */
  }
  if (pair) schedule()
}

function schedule(): void {
  if (!session) return
  const lifetime = session.expiresAt - Date.now()
  // a minute early, or a fifth of the lifetime for short-lived tokens
  const lead = Math.min(60_000, Math.max(lifetime * 0.2, 1_000))
  timer = setTimeout(() => void refresh(), Math.max(lifetime - lead, 1_000))
}

export function onSignedOut(cb: typeof signedOut): void {
  signedOut = cb
}
export const hasSession = () => session !== null

/**
 * Signs in; with two-factor sign-in on, asks for the code (a 6-digit TOTP code, or a recovery
 * code, told apart by their shape) and sends it with the mfaToken. Cancelling the prompt, or a
 * wrong code, leaves the tab signed out (the error is the API's 401, shown like a wrong password).
 */
export async function login(email: string, password: string, askCode: () => string | null = () => prompt(t('mfaPrompt'))): Promise<void> {
  const answer = await ok(api.POST('/v1/auth/login', { body: { email, password } }))
  if (!('mfaRequired' in answer)) return store(answer)
  const code = askCode()?.trim()
  if (!code) throw new ApiError({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'no code given' })
  const second = /^[\d\s]{6,8}$/.test(code) ? { code } : { recoveryCode: code }
  store(await ok(api.POST('/v1/auth/mfa', { body: { mfaToken: answer.mfaToken, ...second } })))
}

export async function logout(): Promise<void> {
  const token = session?.refreshToken
  store(null)
  if (token) await ok(api.POST('/v1/auth/logout', { body: { refreshToken: token } })).catch(() => {})
  signedOut('logout')
}

function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    const token = session?.refreshToken
    if (!token) return false
    try {
      store(await ok(api.POST('/v1/auth/refresh', { body: { refreshToken: token } })))
      return true
    } catch (err) {
      // a network blip keeps the session for the next try; a refused token ends it
      if (err instanceof ApiError && err.status === 0) {
        timer = setTimeout(() => void refresh(), 10_000)
        return false
      }
      store(null)
      signedOut('expired')
      return false
    }
  })().finally(() => {
    refreshing = null
  })
  return refreshing
}

// a copy of each request as sent, to send once more after a refresh; keyed by the client's request id
const unsent = new Map<string, Request>()
const withToken = (request: Request, s: Session) => {
  request.headers.set('authorization', `Bearer ${s.accessToken}`)
  return request
}

/** Every call but signing in and out carries the access token, refreshed first when about to expire. */
const sessionMiddleware: Middleware = {
  async onRequest({ request, schemaPath, id }) {
    // these take no access token, and the refresh must not wait for itself
    if (schemaPath.startsWith('/v1/auth/')) return undefined
    if (refreshing) await refreshing
    if (session && session.expiresAt - Date.now() < 10_000) await refresh()
    if (!session) throw new ApiError({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'not signed in' })
    withToken(request, session)
    unsent.set(id, request.clone())
    return request
  },
  async onResponse({ response, id }) {
    const again = unsent.get(id)
    unsent.delete(id)
    if (response.status !== 401 || !again || !(await refresh()) || !session) return undefined
    return fetch(withToken(again, session))
  },
  onError({ id }) {
    unsent.delete(id)
  },
}
api.use(sessionMiddleware)

export const me = () => ok(api.GET('/v1/me'))

/** Resumes a session kept in sessionStorage after a reload. */
export function resume(): void {
  if (session) schedule()
}
