// Where a webhook may go: checked when an endpoint is saved, and again at connect time through the
// agent's DNS lookup, so a name that resolved to a public address at save time and to a private
// one later (DNS rebinding) is refused before any connection is attempted.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { isIP, type LookupFunction } from 'node:net'
import { isPrivateAddress } from '../../lib/private-address.ts'
import { BadRequestError } from '../../lib/errors.ts'

/** Every address a host name resolves to (tests inject one that maps a test name to an address). */
export type Resolver = (host: string) => Promise<LookupAddress[]>

export const systemResolver: Resolver = (host) =>
  new Promise((resolve, reject) => {
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses)))
  })

export class PrivateAddressError extends Error {
  readonly code = 'EPRIVATEADDRESS'
}

const bare = (host: string) => host.replace(/^\[|\]$/g, '')

/** The addresses `url` would reach; throws PrivateAddressError for a refused one (unless allowed). */
export async function checkTarget(url: URL, resolver: Resolver, allowPrivate: boolean): Promise<LookupAddress[]> {
  const host = bare(url.hostname)
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolver(host)
  if (!addresses.length) throw new Error(`${host} does not resolve`)
  const refused = addresses.find((a) => isPrivateAddress(a.address))
  if (refused && !allowPrivate) throw new PrivateAddressError(`${host} resolves to ${refused.address}, a loopback, private or link-local address`)
  return addresses
}

/** Save-time check: a 400 naming the field when the URL may not be used. */
export async function assertWebhookUrl(raw: string, resolver: Resolver, allowPrivate: boolean): Promise<string> {
  const fail = (message: string): never => {
    throw new BadRequestError(`url: ${message}`, [{ path: 'body/url', message }])
  }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return fail('not a URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('only http and https URLs')
  if (url.username || url.password) fail('credentials in the URL are not allowed; put them in the path or use the signature')
  try {
    await checkTarget(url, resolver, allowPrivate)
  } catch (err) {
    fail(err instanceof PrivateAddressError ? `${err.message}; set WEBHOOK_ALLOW_PRIVATE=true to allow it` : `cannot resolve ${url.hostname}`)
  }
  return url.toString()
}

/** The connect-time lookup for http(s).request: resolves with `resolver`, refuses private addresses. */
export function guardedLookup(resolver: Resolver, allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    checkTarget(new URL(`http://${hostname.includes(':') ? `[${hostname}]` : hostname}/`), resolver, allowPrivate).then(
      (addresses) => {
        if ((options as { all?: boolean }).all) (callback as (e: null, a: LookupAddress[]) => void)(null, addresses)
        else callback(null, addresses[0]!.address, addresses[0]!.family)
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, '', 0),
    )
  }
}
