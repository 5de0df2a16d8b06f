// The queue names and the retry policy, shared by the runner, the dispatcher and the deliverer.
export const QUEUES = { tick: 'events-tick', delivery: 'webhook-delivery', purge: 'cdn-purge' } as const
// first retry after 15–30 s, then doubling with jitter (pg-boss: delay·2^n/2·(1 + random)): the
// 12th and last lands 17 to 34 hours after the first attempt, about a day on average
export const RETRY = { retryLimit: 12, retryDelay: 15, retryBackoff: true } as const
