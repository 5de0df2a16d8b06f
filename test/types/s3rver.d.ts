// s3rver ships no types; the test uses this much of it.
declare module 's3rver' {
  import type { AddressInfo } from 'node:net'
  export default class S3rver {
    constructor(options: { address?: string; port?: number; silent?: boolean; directory?: string; configureBuckets?: Array<{ name: string }> })
    run(): Promise<AddressInfo>
    close(): Promise<void>
  }
}
