import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { QueueFullError, type WorkerPool, type WorkerReply } from '../batch/pool.ts';
import type { RenderJob } from '../job.ts';
import type { OutputFile } from '../output.ts';
import type { InputFormat } from '../load/index.ts';
import { DEFAULT_LIMITS, type Limits } from '../model/limits.ts';
import { ERROR_KINDS, TimelineError, UsageError } from '../errors.ts';
import {
  API_PARAMETERS,
  jobOptions,
  OPTIONS,
  optionsOf,
  queryLayer,
  resolveOptions,
  resolveTable,
  type OptionLayer,
  type ResolvedOptions,
} from '../options/index.ts';
import type { OutputFormat } from '../model/formats.ts';
import { BodyTooLarge, contentType, readBody, sendError, sendFile, sendInternalError } from './http.ts';
import { DEFAULT_SERVICE_LIMITS, type ServiceLimits } from './settings.ts';
import { mediaStamps } from './images.ts';

/** The name a request body's messages give it, as the CLI names standard input `<stdin>`. */
export const REQUEST_NAME = '<request>';

/**
 * A theme or template file is a path on the server, and a template is code: a request cannot
 * name one. The server's own --theme and --template apply to every render.
 */
function refuseServerFiles(query: URLSearchParams): void {
  for (const name of ['theme', 'template']) {
    if (query.has(name))
      throw new UsageError(
        `A request cannot choose the ${name}: ${name} files are the server's own (serve --${name}). A timeline's colours can come in its "theme" block.`,
      );
  }
}

/**
 * Content types that say which input format a body is. Anything else (text/plain, which
 * fetch sends for any string, or curl's form type) is told from the content, as the CLI does.
 */
const FORMAT_BY_TYPE: Record<string, InputFormat> = {
  'text/csv': 'csv',
  'application/yaml': 'yaml',
  'application/x-yaml': 'yaml',
  'text/yaml': 'yaml',
};

export interface RenderRequest {
  job: RenderJob;
  format: OutputFormat;
  /** 1-based image of a preset that makes several (carousel slides, story frames). */
  slide: number;
}

/** The API's parameters: the options table's `api` options and the request's own (format, preset, slide). */
const API_SPECS = [...optionsOf('api').map(([, spec]) => spec), ...Object.values(API_PARAMETERS)];

/**
 * What a request asks for, from its query: everything of a job but the data. Each parameter is
 * read and bounded by the options table, as the command line's flags are; a parameter the API
 * does not take is refused, so a typo never renders quietly with the default.
 */
function parseQuery(
  query: URLSearchParams,
  typeFormat: InputFormat | undefined,
  house: ResolvedOptions,
): Omit<RenderRequest, 'job'> & { job: Omit<RenderJob, 'input' | 'limits'> } {
  refuseServerFiles(query);
  const asked = queryLayer(query, API_SPECS);
  const { format, preset, slide } = resolveTable(API_PARAMETERS, [asked]);
  const byType: OptionLayer = { values: { from: typeFormat }, refuse: asked.refuse };
  const { limits: _limits, ...options } = jobOptions(resolveOptions([asked, byType], house));
  return { job: { ...options, formats: [format], presets: [preset], profile: false }, format, slide };
}

/** How long a refused client should wait: the queue ahead of it at the pace renders have taken. */
class Pace {
  private seconds = 1;

  record(started: number): void {
    this.seconds = 0.8 * this.seconds + 0.2 * ((performance.now() - started) / 1000);
  }

  retryAfter(pool: WorkerPool): number {
    return Math.max(1, Math.ceil(((pool.queued + 1) * this.seconds) / pool.size));
  }
}

/** What the server adds to every API render: its options, its limits, its own theme and template, and what they are. */
export interface ApiSettings {
  /** The server's options (flags, config file, the table's defaults): a request's parameters go over them. */
  options: ResolvedOptions;
  limits: Limits;
  service: ServiceLimits;
  theme?: string;
  template?: string;
  /**
   * Everything besides the request that changes the bytes of a render (the version, the
   * server's theme and template): part of each ETag, so a new one never matches an old answer.
   */
  identity: string;
}

/** Why a render was stopped before its answer. */
type StopReason = 'gone' | 'timeout' | 'shutdown';

export interface RenderApi {
  /** `POST /render`: the body is the timeline. */
  handle(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void>;
  /** `GET /render?src=<name>&…`: a timeline the server shows, so a CDN can cache it by URL. */
  handleServed(req: IncomingMessage, res: ServerResponse, query: URLSearchParams, file: string): Promise<void>;
  /** API renders waiting or running. */
  readonly inFlight: number;
  /** Resolves once no API render is in flight. */
  settled(): Promise<void>;
  /** Stops every render in flight, each answered 503: the server is going away. */
  stopAll(): void;
}

/**
 * A strong ETag known before rendering: the same data, options and server always render the
 * same bytes, so a client or CDN that holds them gets a 304 without a render at all.
 */
function requestTag(identity: string, data: Uint8Array, request: Omit<RenderRequest, 'job'> & { job: object }): string {
  const hash = createHash('sha256')
    .update(identity)
    .update('\0')
    .update(JSON.stringify([request.job, request.format, request.slide]))
    .update('\0')
    .update(data);
  return `"${hash.digest('base64url').slice(0, 27)}"`;
}

const clientHas = (req: IncomingMessage, etag: string): boolean => {
  const known = req.headers['if-none-match']?.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  return known !== undefined && (known.includes(etag) || known.includes('*'));
};

/** The bounds of `/render`: a body over the input limit 413, a full queue or a render over its time 503 with Retry-After. */
export function renderApi(pool: WorkerPool, settings: Partial<ApiSettings> = {}): RenderApi {
  const { limits = DEFAULT_LIMITS, service = DEFAULT_SERVICE_LIMITS, identity = '', options: house = resolveOptions([]) } = settings;
  const serverFiles = {
    ...(settings.theme ? { theme: settings.theme } : {}),
    ...(settings.template ? { template: settings.template } : {}),
  };
  const pace = new Pace();
  const running = new Set<AbortController>();
  const waiters: Array<() => void> = [];

  const busy = (res: ServerResponse, message: string, extraHeaders: Record<string, string> = {}) => {
    const wait = pace.retryAfter(pool);
    sendError(
      res,
      503,
      'busy',
      `${message} Try again in ${wait} s.`,
      { retryAfter: wait },
      { 'retry-after': String(wait), ...extraHeaders },
    );
  };

  /** Runs the job until it ends, the client goes, its time is up or the server stops; answers each way but the client's leaving. */
  async function renderAndSend(req: IncomingMessage, res: ServerResponse, request: RenderRequest, etag: string): Promise<void> {
    const stop = new AbortController();
    const stopped = new Promise<StopReason>((resolve) =>
      stop.signal.addEventListener('abort', () => resolve(stop.signal.reason as StopReason), { once: true }),
    );
    const onClose = () => stop.abort('gone');
    res.once('close', onClose);
    // A video takes far longer than an image: a reel has a limit of its own.
    const reel = request.job.presets.includes('reel');
    const [seconds, option] = reel ? [service.reelTimeout, OPTIONS.reelTimeout.name] : [service.renderTimeout, OPTIONS.renderTimeout.name];
    const timer = setTimeout(() => stop.abort('timeout'), seconds * 1000);
    running.add(stop);
    const started = performance.now();
    let outcome: WorkerReply | StopReason;
    try {
      // A stopped render is answered at once; its worker gives up at its next card or band.
      outcome = await Promise.race([pool.run(request.job, { signal: stop.signal }), stopped]);
    } catch (error) {
      if (!(error instanceof QueueFullError)) throw error;
      return busy(res, error.message);
    } finally {
      clearTimeout(timer);
      res.off('close', onClose);
      running.delete(stop);
      if (running.size === 0) for (const wake of waiters.splice(0)) wake();
    }
    if (outcome === 'gone') return;
    if (outcome === 'timeout') return busy(res, `The render took over ${seconds} s (--${option}) and was stopped.`);
    if (outcome === 'shutdown') return busy(res, 'The server is shutting down.', { connection: 'close' });
    if (!outcome.ok && outcome.cancelled) return;
    pace.record(started);
    if (!outcome.ok) {
      if (outcome.exitCode === ERROR_KINDS.internal.exitCode) return sendInternalError(res, outcome.message);
      return sendError(res, 400, 'bad-input', outcome.message, {
        file: outcome.file ?? REQUEST_NAME,
        diagnostics: outcome.diagnostics ?? [],
      });
    }
    sendOutput(req, res, request, etag, service.cacheMaxAge, outcome.result.files ?? [], outcome.result.warnings);
  }

  const refused = (res: ServerResponse, error: unknown): void => {
    // The client went, or a read timeout closed its connection: nobody is left to answer.
    if (res.socket === null || res.socket.destroyed) return;
    if (error instanceof BodyTooLarge)
      return sendError(
        res,
        413,
        'too-large',
        `${REQUEST_NAME}: ${error.message} Send at most ${limits.inputBytes} bytes.`,
        {},
        { connection: 'close' },
      );
    if (error instanceof TimelineError && error.kind === 'usage') return sendError(res, 400, 'bad-parameter', error.message);
    throw error;
  };

  return {
    async handle(req, res, query) {
      let body: Buffer;
      let asked: ReturnType<typeof parseQuery>;
      try {
        const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        asked = parseQuery(query, FORMAT_BY_TYPE[mediaType], house);
        body = await readBody(req, limits.inputBytes);
      } catch (error) {
        return refused(res, error);
      }
      const etag = requestTag(identity, body, asked);
      if (clientHas(req, etag)) return notModified(res, etag, service.cacheMaxAge);
      const job: RenderJob = { ...asked.job, ...serverFiles, input: REQUEST_NAME, source: body, name: 'timeline', limits };
      await renderAndSend(req, res, { ...asked, job }, etag);
    },

    async handleServed(req, res, query, file) {
      let asked: ReturnType<typeof parseQuery>;
      try {
        asked = parseQuery(query, undefined, house);
      } catch (error) {
        return refused(res, error);
      }
      // The tag is of the file and the images it names as they are now: a save gives the URL a new tag once any cached copy expires.
      const data = await readFile(file).catch(() => undefined);
      if (!data) return sendError(res, 404, 'not-found', 'That timeline is no longer served here.');
      const etag = requestTag(identity, Buffer.concat([data, Buffer.from(`\0${await mediaStamps(file, data)}`)]), asked);
      if (clientHas(req, etag)) return notModified(res, etag, service.cacheMaxAge);
      const job: RenderJob = { ...asked.job, ...serverFiles, input: file, limits };
      await renderAndSend(req, res, { ...asked, job }, etag);
    },

    get inFlight() {
      return running.size;
    },

    settled() {
      return running.size === 0
        ? Promise.resolve()
        : new Promise((resolve) => {
            waiters.push(resolve);
          });
    },

    stopAll() {
      for (const stop of running) stop.abort('shutdown');
    },
  };
}

const cacheable = (maxAge: number): string => `public, max-age=${maxAge}`;

function notModified(res: ServerResponse, etag: string, maxAge: number): void {
  res.writeHead(304, { etag, 'cache-control': cacheable(maxAge) });
  res.end();
}

/** Header values are Latin-1: warnings travel as JSON with every other character escaped. */
const asciiJson = (value: unknown): string =>
  JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Presets whose answer is a file other than images: LinkedIn's document and the reel's video (`.reel-2.mp4`, a part of a series). */
const PRESET_FILES: Partial<Record<string, RegExp>> = { linkedin: /\.linkedin\.pdf$/, reel: /\.reel(-\d+)?\.mp4$/ };

function sendOutput(
  req: IncomingMessage,
  res: ServerResponse,
  request: RenderRequest,
  etag: string,
  maxAge: number,
  files: readonly OutputFile[],
  warnings: readonly string[],
): void {
  const answer = request.format === 'pdf' ? /\.pdf$/ : (PRESET_FILES[request.job.presets[0]!] ?? /\.png$/);
  // A series (carousels or reels in parts) is numbered across its parts, in the order the files sort.
  const outputs = files.filter((f) => answer.test(f.name));
  const chosen = outputs[request.slide - 1];
  if (!chosen)
    return sendError(
      res,
      400,
      'bad-parameter',
      `Invalid value for slide. Allowed: a whole number from 1 to ${outputs.length}. Received: ${JSON.stringify(String(request.slide))}.`,
    );
  sendFile(
    req,
    res,
    { bytes: chosen.bytes, type: contentType(chosen.name), etag },
    {
      'cache-control': cacheable(maxAge),
      'content-disposition': `inline; filename="${chosen.name}"`,
      'x-image-count': String(outputs.length),
      // What the CLI would print as warnings (skipped media URLs, events out of order...), for the caller's logs.
      ...(warnings.length > 0 ? { 'x-warnings': asciiJson(warnings) } : {}),
    },
  );
}
