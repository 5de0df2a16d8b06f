// ALTCHA's own solver loop, run off the main thread: the page stays responsive while it hashes.
import 'altcha-lib/v1/worker'
