// A bound on how many jobs run at once; the rest wait their turn in order. Image decoding takes
// tens of megabytes a job: with a pool, a burst of uploads queues instead of taking the memory.
export interface WorkPool {
  run<T>(job: () => Promise<T>): Promise<T>
  readonly waiting: number
}

export function createWorkPool(size: number): WorkPool {
  let running = 0
  const queue: Array<() => void> = []
  const next = () => {
    running--
    queue.shift()?.()
  }
  return {
    get waiting() {
      return queue.length
    },
    async run(job) {
      if (running >= size) await new Promise<void>((resolve) => queue.push(resolve))
      running++
      try {
        return await job()
      } finally {
        next()
      }
    },
  }
}
