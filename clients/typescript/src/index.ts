// A typed fetch client for the Tòa Soạn API: paths, parameters, bodies and responses all come from
// schema.d.ts, which `npm run openapi` generates from openapi/openapi.json. A thin layer over
// openapi-fetch: it adds only the Bearer token of the signed-in user.
import createClient, { type Client, type ClientOptions } from 'openapi-fetch'
import type { components, paths } from './schema.d.ts'

export type { components, operations, paths } from './schema.d.ts'
export type ToasoanClient = Client<paths>
/** the one error shape (RFC 9457 application/problem+json) of every 4xx and 5xx answer */
export type Problem = components['schemas']['Problem']

export interface ToasoanClientOptions extends ClientOptions {
  /**
   * The access token for protected operations, read before every request so that a refreshed
   * token is used at once; public operations work without it.
   */
  token?: () => string | null | undefined | Promise<string | null | undefined>
}

export function createToasoanClient({ token, ...options }: ToasoanClientOptions = {}): ToasoanClient {
  const client = createClient<paths>(options)
  if (token) {
    client.use({
      async onRequest({ request }) {
        const value = await token()
        if (value && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${value}`)
        return request
      },
    })
  }
  return client
}
