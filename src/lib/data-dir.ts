// DATA_DIR=memory:// (the tests, a throwaway demo): the embedded database lives in memory and
// nothing is written to disk for it, neither media files nor its signing key.
const MEMORY_DATA_DIR = 'memory://'

export const inMemory = (dataDir: string): boolean => dataDir.startsWith(MEMORY_DATA_DIR)
