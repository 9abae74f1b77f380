import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WorkerPool } from '../batch/pool.ts';
import { TimelineError } from '../errors.ts';
import { loadTemplate } from '../load/template.ts';
import { loadThemeFile, resolveTheme } from '../load/theme.ts';
import { DEFAULT_LIMITS, type Limits } from '../model/limits.ts';
import { jobOptions, OPTIONS, readDefault, resolveOptions, type ResolvedOptions } from '../options/index.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import { renderApi, type RenderApi } from './api.ts';
import { authorized } from './auth.ts';
import { sendError, sendFile, sendInternalError, sendJson } from './http.ts';
import { FAVICON, previewPage, timelineSection } from './page.ts';
import { PreviewStore, type PreviewEntry } from './preview.ts';
import { DEFAULT_SERVICE_LIMITS, type ServiceLimits } from './settings.ts';

export interface ServeOptions {
  /** Data files and folders of them to preview; none serves the API alone. */
  inputs?: readonly string[];
  /** 127.0.0.1 by default: the server is for this machine unless told otherwise. */
  host?: string;
  /** 4173 by default; 0 picks a free port. */
  port?: number;
  /** Worker threads; one per core by default. */
  workers?: number;
  /** Most API renders waiting for a worker; more get 503. */
  maxQueued?: number;
  limits?: Limits;
  /** Timeouts, connections, caching and shutdown; each has a default. */
  service?: Partial<ServiceLimits>;
  /** When set, `/render` needs `Authorization: Bearer <token>`, and so does the rest from beyond this machine. */
  token?: string;
  /** The server's theme file and template module: every render uses them, and a request cannot name others. */
  theme?: string;
  template?: string;
  /**
   * Every option resolved as the command line resolves them (flags, the config file, the
   * table's defaults): the preview's renders start from it, and so do the API's, a request's
   * parameters over it. The table's defaults without it. `limits`, `theme` and `template`
   * above are the server's own and win.
   */
  options?: ResolvedOptions;
}

export interface RunningServer {
  url: string;
  /**
   * Stops taking renders (503, and /ready turns 503), lets those in flight finish within the
   * shutdown grace period, answers the rest 503, then closes every connection and worker.
   */
  close(): Promise<void>;
}

export const DEFAULT_PORT: number = readDefault(OPTIONS.port)!;
export const DEFAULT_QUEUE: number = readDefault(OPTIONS.queue)!;
const DEFAULT_HOST: string = readDefault(OPTIONS.host)!;

/** Server-sent events: each open page hears which timeline changed or went. */
class EventStream {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat = setInterval(() => this.send(': keep-alive\n\n'), 15_000);

  add(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  update(entry: PreviewEntry, removed: boolean): void {
    this.send(`event: ${removed ? 'remove' : 'update'}\ndata: ${JSON.stringify({ id: entry.id })}\n\n`);
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
  }

  private send(text: string): void {
    for (const res of this.clients) res.write(text);
  }
}

/** The path's segments after the first, decoded; a segment that is not valid percent-encoding is left out. */
function segments(url: URL): Array<string | undefined> {
  return url.pathname
    .split('/')
    .slice(2)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return undefined;
      }
    });
}

type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;
type RouteTable = Array<[string, RegExp, Route]>;

interface ServerState {
  store: PreviewStore;
  events: EventStream;
  pool: WorkerPool;
  api: RenderApi;
  draining: boolean;
}

function routes(state: ServerState): RouteTable {
  const { store, events, pool, api } = state;
  const html = (res: ServerResponse, body: string) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(body);
  };
  const served = () => [...store.entries.keys()].map((id) => JSON.stringify(id)).join(', ') || 'none';
  return [
    ['GET', /^\/$/, (_req, res) => html(res, previewPage([...store.entries.values()]))],
    ['GET', /^\/favicon\.ico$/, (req, res) => sendFile(req, res, FAVICON, { 'cache-control': 'public, max-age=86400' })],
    ['GET', /^\/events$/, (_req, res) => events.add(res)],
    [
      'GET',
      /^\/timeline\/[^/]+$/,
      (_req, res, url) => {
        const [id] = segments(url);
        const entry = id === undefined ? undefined : store.entries.get(id);
        if (!entry) return sendError(res, 404, 'not-found', `No timeline ${JSON.stringify(id ?? url.pathname)} is served here.`);
        html(res, timelineSection(entry));
      },
    ],
    [
      'GET',
      /^\/files\/[^/]+\/[^/]+$/,
      (req, res, url) => {
        const [id, name] = segments(url);
        const file = id === undefined || name === undefined ? undefined : store.file(id, name);
        if (!file)
          return sendError(
            res,
            404,
            'not-found',
            `No file ${JSON.stringify(name ?? url.pathname)} has been rendered for ${JSON.stringify(id ?? '')}.`,
          );
        sendFile(req, res, file);
      },
    ],
    ['POST', /^\/render$/, (req, res, url) => api.handle(req, res, url.searchParams)],
    [
      'GET',
      /^\/render$/,
      (req, res, url) => {
        const src = url.searchParams.get('src');
        if (src === null)
          return sendError(
            res,
            400,
            'bad-parameter',
            `GET /render renders a timeline this server shows: add src=<name>. Served: ${served()}. To render your own data, POST it.`,
          );
        const entry = store.entries.get(src);
        if (!entry) return sendError(res, 404, 'not-found', `No timeline ${JSON.stringify(src)} is served here. Served: ${served()}.`);
        const query = new URLSearchParams(url.searchParams);
        query.delete('src');
        return api.handleServed(req, res, query, entry.file);
      },
    ],
    [
      'GET',
      /^\/health$/,
      (_req, res) =>
        sendJson(res, 200, {
          ok: true,
          draining: state.draining,
          timelines: store.entries.size,
          queued: pool.queued,
          running: pool.running,
          cancelled: pool.cancelled,
        }),
    ],
    ['GET', /^\/ready$/, (_req, res) => sendJson(res, state.draining ? 503 : 200, { ready: !state.draining })],
  ];
}

function dispatch(table: RouteTable, state: ServerState, token: string | undefined): Route {
  return async (req, res, url) => {
    if (state.draining) res.setHeader('connection', 'close');
    if (!authorized(req, url, token)) {
      return sendError(
        res,
        401,
        'unauthorized',
        'This server needs Authorization: Bearer <token>, the token it was started with (--token or TIMELINE_RENDER_TOKEN).',
        {},
        { 'www-authenticate': 'Bearer realm="timeline-render"' },
      );
    }
    const matching = table.filter(([, path]) => path.test(url.pathname));
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const route = matching.find(([m]) => m === method);
    if (route && state.draining && url.pathname === '/render') {
      return sendError(
        res,
        503,
        'draining',
        'The server is shutting down and takes no new renders. Try again in 5 s, on another instance.',
        { retryAfter: 5 },
        { 'retry-after': '5' },
      );
    }
    if (route) return route[2](req, res, url);
    if (matching.length > 0)
      return sendError(
        res,
        405,
        'method-not-allowed',
        `${req.method} is not allowed here. Allowed: ${matching.map(([m]) => m).join(', ')}.`,
        {},
        { allow: matching.map(([m]) => m).join(', ') },
      );
    sendError(res, 404, 'not-found', `Nothing at ${url.pathname}. The page is at /, the API at POST /render.`);
  };
}

/**
 * What, besides a request, decides the bytes of a render: the version and the server's theme
 * and template. Both files are read and checked now, so a mistake in them stops the server
 * at start instead of failing every request with the server's own paths in the message.
 */
async function serverIdentity(options: ServeOptions): Promise<string> {
  const hash = createHash('sha256').update(await readFile(join(PACKAGE_ROOT, 'package.json')));
  if (options.theme !== undefined) {
    // Its own colours are checked too: a failure met by a request would name the server's file.
    resolveTheme({ title: '', actors: [], events: [] }, options.theme, await loadThemeFile(options.theme));
    hash.update(await readFile(options.theme));
  }
  if (options.template !== undefined) {
    await loadTemplate(options.template);
    hash.update(await readFile(options.template));
  }
  return hash.digest('base64url');
}

/** Node's own request timeouts, in whole milliseconds; headers may not outlast the whole request. */
function timeouts(service: ServiceLimits) {
  const requestTimeout = Math.round(service.bodyTimeout * 1000);
  const headersTimeout = Math.min(Math.round(service.headerTimeout * 1000), requestTimeout);
  // Node looks for late requests on this period; the default 30 s would let a slow client stay that much longer.
  return { requestTimeout, headersTimeout, connectionsCheckingInterval: Math.max(100, Math.min(1000, headersTimeout / 2)) };
}

/** Starts the preview page and render API on one port, with one worker pool behind both. */
export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const service = { ...DEFAULT_SERVICE_LIMITS, ...options.service };
  const identity = await serverIdentity(options);
  const serverFiles = { ...(options.theme ? { theme: options.theme } : {}), ...(options.template ? { template: options.template } : {}) };
  const pool = new WorkerPool({ ...(options.workers ? { size: options.workers } : {}), maxQueued: options.maxQueued ?? DEFAULT_QUEUE });
  const house = options.options ?? resolveOptions([]);
  const store = new PreviewStore(pool, { ...jobOptions(house), limits, ...serverFiles });
  const state: ServerState = {
    store,
    events: new EventStream(),
    pool,
    api: renderApi(pool, { options: house, limits, service, identity, ...serverFiles }),
    draining: false,
  };
  store.onChange((entry, removed) => state.events.update(entry, removed));
  const route = dispatch(routes(state), state, options.token);
  const server = createServer(timeouts(service), (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    Promise.resolve(route(req, res, url)).catch((error: unknown) => {
      if (!res.headersSent) sendInternalError(res, (error as Error).stack ?? String(error));
      else res.destroy();
    });
  });
  server.maxConnections = service.maxConnections;
  try {
    await store.serve(options.inputs ?? []);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULT_PORT, options.host ?? DEFAULT_HOST, resolve);
    });
  } catch (error) {
    store.close();
    state.events.close();
    await pool.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new TimelineError(`Port ${options.port ?? DEFAULT_PORT} is in use. Pick another with --port.`);
    throw error;
  }
  const { address, port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  const close = async () => {
    state.draining = true;
    store.close();
    state.events.close();
    // Idle keep-alive connections stay: closing one as a client reuses it fails that request. Each answer from now says close.
    const grace = new Promise<void>((resolve) => setTimeout(resolve, service.shutdownGrace * 1000).unref());
    await Promise.race([state.api.settled(), grace]);
    state.api.stopAll();
    // Let the 503s of stopped renders reach their clients before the connections go.
    await new Promise((resolve) => setImmediate(resolve));
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 200).unref();
    await closed;
    await pool.close();
  };
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}/`,
    close() {
      closing ??= close();
      return closing;
    },
  };
}
