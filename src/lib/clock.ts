// Time as a dependency: services take a clock instead of calling `new Date()`, so tests can move
// time (captcha expiry, leases, scheduled publishing) without waiting.
export type Clock = () => Date
