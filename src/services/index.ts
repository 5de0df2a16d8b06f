// Builds every service with its explicit dependencies; routes reach them as app.services.
import type { Config } from '../config.ts'
import type { Database } from '../db/index.ts'

export type Clock = () => Date

export interface ServiceDeps {
  db: Database
  config: Config
  clock: Clock
}

export function createServices(deps: ServiceDeps) {
  return {
    deps,
  }
}
