import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkerPool } from '../batch/pool.ts';
import { TimelineError } from '../errors.ts';
import { DEFAULT_LIMITS, type Limits } from '../model/limits.ts';
import { renderApi } from './api.ts';
import { sendError, sendFile, sendJson } from './http.ts';
import { previewPage, timelineSection } from './page.ts';
import { PreviewStore, type PreviewEntry } from './preview.ts';

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
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 4173;
export const DEFAULT_QUEUE = 16;

/** Server-sent events: each open page hears which timeline changed. */
class EventStream {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat = setInterval(() => this.send(': keep-alive\n\n'), 15_000);

  add(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  update(entry: PreviewEntry): void {
    this.send(`event: update\ndata: ${JSON.stringify({ id: entry.id })}\n\n`);
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
  return url.pathname.split('/').slice(2).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return undefined;
    }
  });
}

type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

function routes(store: PreviewStore, events: EventStream, pool: WorkerPool, api: ReturnType<typeof renderApi>): Array<[string, RegExp, Route]> {
  const html = (res: ServerResponse, body: string) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(body);
  };
  return [
    ['GET', /^\/$/, (_req, res) => html(res, previewPage([...store.entries.values()]))],
    ['GET', /^\/events$/, (_req, res) => events.add(res)],
    ['GET', /^\/timeline\/[^/]+$/, (_req, res, url) => {
      const [id] = segments(url);
      const entry = id === undefined ? undefined : store.entries.get(id);
      if (!entry) return sendError(res, 404, 'not-found', `No timeline ${JSON.stringify(id ?? url.pathname)} is served here.`);
      html(res, timelineSection(entry));
    }],
    ['GET', /^\/files\/[^/]+\/[^/]+$/, (req, res, url) => {
      const [id, name] = segments(url);
      const file = id === undefined || name === undefined ? undefined : store.file(id, name);
      if (!file) return sendError(res, 404, 'not-found', `No file ${JSON.stringify(name ?? url.pathname)} has been rendered for ${JSON.stringify(id ?? '')}.`);
      sendFile(req, res, file);
    }],
    ['POST', /^\/render$/, (req, res, url) => api.handle(req, res, url.searchParams)],
    ['GET', /^\/health$/, (_req, res) => sendJson(res, 200, { ok: true, timelines: store.entries.size, queued: pool.queued, running: pool.running, cancelled: pool.cancelled })],
  ];
}

function dispatch(table: Array<[string, RegExp, Route]>): Route {
  return async (req, res, url) => {
    const matching = table.filter(([, path]) => path.test(url.pathname));
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const route = matching.find(([m]) => m === method);
    if (route) return route[2](req, res, url);
    if (matching.length > 0) return sendError(res, 405, 'method-not-allowed', `${req.method} is not allowed here. Allowed: ${matching.map(([m]) => m).join(', ')}.`, {}, { allow: matching.map(([m]) => m).join(', ') });
    sendError(res, 404, 'not-found', `Nothing at ${url.pathname}. The page is at /, the API at POST /render.`);
  };
}

/** Starts the preview page and render API on one port, with one worker pool behind both. */
export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const pool = new WorkerPool({ ...(options.workers ? { size: options.workers } : {}), maxQueued: options.maxQueued ?? DEFAULT_QUEUE });
  const store = new PreviewStore(pool, limits);
  const events = new EventStream();
  store.onChange((entry) => events.update(entry));
  const route = dispatch(routes(store, events, pool, renderApi(pool, limits)));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    Promise.resolve(route(req, res, url)).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'internal', `internal error: ${(error as Error).message}`);
      else res.destroy();
    });
  });
  try {
    await store.serve(options.inputs ?? []);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULT_PORT, options.host ?? '127.0.0.1', resolve);
    });
  } catch (error) {
    store.close();
    events.close();
    await pool.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new TimelineError(`Port ${options.port ?? DEFAULT_PORT} is in use. Pick another with --port.`);
    throw error;
  }
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}/`,
    async close() {
      store.close();
      events.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.close();
    },
  };
}
