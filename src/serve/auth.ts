import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Whether the connection comes from this machine. */
function fromLoopback(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? '';
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}

/**
 * Checks `Authorization: Bearer <token>`. Both sides are hashed first so the comparison takes
 * the same time whatever the guess, and the token's length does not show either.
 */
function bearerMatches(req: IncomingMessage, token: string): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}

/** Paths open to anyone: an orchestrator's probes and the icon carry no data. */
const OPEN_PATHS = new Set(['/health', '/ready', '/favicon.ico']);

/**
 * With a token, `/render` always needs it; the preview page and its files need it only from
 * beyond this machine, so an editor's own browser on loopback keeps the page open.
 */
export function authorized(req: IncomingMessage, url: URL, token: string | undefined): boolean {
  if (token === undefined || OPEN_PATHS.has(url.pathname)) return true;
  if (url.pathname !== '/render' && fromLoopback(req)) return true;
  return bearerMatches(req, token);
}
