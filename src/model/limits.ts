/**
 * Bounds on what one render may take, each raised by the option named in its message:
 * a bad or hostile file gets a clear refusal instead of minutes of work and gigabytes.
 */
export interface Limits {
  /** --max-events */
  events: number;
  /** --max-text: characters in one event's text. */
  textLength: number;
  /** --max-input: bytes of the input file. */
  inputBytes: number;
  /** --max-pixels: device pixels of one image (resvg has no cap: 1080x600,000 px took 2.6 GB). */
  pixels: number;
  /** --max-pages: pages of one PDF. */
  pages: number;
}

export const DEFAULT_LIMITS: Limits = {
  events: 1000,
  textLength: 4000,
  inputBytes: 20 * 1024 * 1024,
  pixels: 150_000_000,
  pages: 300,
};

export const LIMIT_OPTIONS: Record<keyof Limits, string> = {
  events: '--max-events',
  textLength: '--max-text',
  inputBytes: '--max-input',
  pixels: '--max-pixels',
  pages: '--max-pages',
};

/** "over the limit of 1000 (--max-events)": the ending of every limit message. */
export function overLimit(limit: keyof Limits, limits: Limits, needed: number): string {
  return `over the limit of ${limits[limit].toLocaleString('en-US')}. Raise it with ${LIMIT_OPTIONS[limit]} ${Math.ceil(needed)} if that is meant.`;
}
