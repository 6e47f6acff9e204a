/**
 * Where the API is: `config.json` next to index.html (written at deploy time with the API's URL;
 * `{"apiUrl": ""}` means the page's own origin, as served by `trendoff local`).
 */

import { NO_STORE } from './no-store';

export interface DashboardConfig {
  /** Absolute or page-relative URL of the query API; "" for the page's origin. */
  readonly apiUrl: string;
}

/** Reads `config.json`; a missing file means "same origin", anything else unreadable is an error. */
export async function loadConfig(pageUrl: string): Promise<DashboardConfig> {
  const url = new URL('config.json', pageUrl);
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, ...NO_STORE });
  } catch {
    throw new Error(`cannot load ${url.pathname}`);
  }
  if (response.status === 404) return { apiUrl: '' };
  if (!response.ok) throw new Error(`${url.pathname} answered ${response.status}`);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new Error(`${url.pathname} is not valid JSON`);
  }
  const apiUrl = (body as { apiUrl?: unknown } | null)?.apiUrl ?? '';
  if (typeof apiUrl !== 'string') throw new Error(`${url.pathname}: apiUrl must be a string`);
  return { apiUrl };
}

/** What the page URL asks to see: `?debate=<id>` and `?minutes=<window length>`. */
export interface ViewRequest {
  /** Absent: the API's first debate. */
  readonly debate?: string;
  readonly windowMs: number;
  /** What in the URL could not be used, and what is shown instead: for the page to display. */
  readonly problem?: string;
}

export const DEFAULT_WINDOW_MINUTES = 30;
/** Twelve hours: longer than any debate night, short enough to stay a few thousand points. */
const MAX_WINDOW_MINUTES = 720;

/**
 * Reads the view request from the page URL; an unusable `minutes` falls back to the default, with a
 * problem saying so.
 */
export function viewRequest(pageUrl: string): ViewRequest {
  const params = new URL(pageUrl).searchParams;
  const debate = params.get('debate') ?? '';
  const raw = params.get('minutes');
  const minutes = raw === null || raw.trim() === '' ? NaN : Number(raw);
  const usable = Number.isFinite(minutes) && minutes >= 1 && minutes <= MAX_WINDOW_MINUTES;
  return {
    ...(debate !== '' ? { debate } : {}),
    windowMs: (usable ? minutes : DEFAULT_WINDOW_MINUTES) * 60_000,
    ...(raw !== null && !usable
      ? {
          problem:
            `?minutes=${raw.slice(0, 40)} is not usable: give a number of minutes from 1 to ` +
            `${MAX_WINDOW_MINUTES}. Showing the last ${DEFAULT_WINDOW_MINUTES} min.`,
        }
      : {}),
  };
}
