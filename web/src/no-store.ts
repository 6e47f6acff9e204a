/**
 * Fetch option that bypasses the browser cache: a stale config.json or API answer would show old
 * data as live. Kept as a spreadable constant because Node's fetch types (which the unit tests
 * compile against) lack `cache`, while the browser's have it.
 */
export const NO_STORE = { cache: 'no-store' } as const;
