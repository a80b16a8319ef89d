/**
 * The longest search the back end takes. Its own module, free of zod, so the palette can
 * check a query before sending it without bringing the schemas into the first screen
 * (evaluating zod there trips the page's CSP: no eval).
 */
export const SEARCH_QUERY_MAX = 200;
export const SEARCH_QUERY_TOO_LONG = `is longer than ${SEARCH_QUERY_MAX} characters, the most a search takes: search for a name, host name, IP address or code`;
/** How many hits the command palette asks search:query for (the benchmark asks as it does). */
export const PALETTE_HIT_LIMIT = 40;
