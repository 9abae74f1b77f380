/**
 * The bounds a server on a network needs, each an option with its default here: a client that
 * is slow, greedy or gone can hold a connection, a worker or memory only this long or this much.
 */
export interface ServiceLimits {
  /** --render-timeout: seconds one API render may take before it is cancelled and answered 503. */
  renderTimeout: number;
  /** --reel-timeout: the same for a reel, whose 1,800 frames take tens of seconds to encode. */
  reelTimeout: number;
  /** --header-timeout: seconds a client has to send its request line and headers. */
  headerTimeout: number;
  /** --body-timeout: seconds a client has to send its whole request, body included. */
  bodyTimeout: number;
  /** --max-connections: open connections at once; more are closed as they come. */
  maxConnections: number;
  /** --cache-max-age: seconds a CDN or browser may keep a /render answer. */
  cacheMaxAge: number;
  /** --shutdown-grace: seconds renders in flight have to finish after SIGTERM. */
  shutdownGrace: number;
}

export const DEFAULT_SERVICE_LIMITS: ServiceLimits = {
  // The 120-event tall PNG and PDF take about 3 s on one core; 30 s is ten times that on a busy machine.
  renderTimeout: 30,
  // The seed's 60 s reel takes about 10 s alone; a long timeline's series of reels, several times that on a busy machine.
  reelTimeout: 180,
  // Headers are a few hundred bytes: 10 s is ample on any link, and drops a client that sends a byte a second.
  headerTimeout: 10,
  // The largest body (--max-input, 20 MB) at 1 MB/s, with room.
  bodyTimeout: 60,
  // Each connection costs a socket and some memory; the worker pool renders two or four at once.
  maxConnections: 256,
  // The same request renders the same bytes: an hour spares the workers, and a new version of a served file shows soon after.
  cacheMaxAge: 3600,
  // Orchestrators wait 30 s after SIGTERM before SIGKILL; 20 s leaves time to close.
  shutdownGrace: 20,
};

/** The environment variable a token may come from, so it need not show in the process list. */
export const TOKEN_VARIABLE = 'TIMELINE_RENDER_TOKEN';

/** A token long enough not to be guessed, and one a header carries whole. */
export const TOKEN_RULE = {
  allowed: 'a text of 16 characters or more, without spaces',
  check: (value: string): boolean => /^\S{16,}$/.test(value),
};

/** Addresses only this machine can reach. */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];

export const isLoopbackHost = (host: string): boolean => LOOPBACK_HOSTS.includes(host) || /^127\./.test(host);
