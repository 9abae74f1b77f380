import type { IncomingMessage, ServerResponse } from 'node:http';
import { QueueFullError, type WorkerPool } from '../batch/pool.ts';
import type { RenderJob } from '../job.ts';
import type { OutputFile } from '../output.ts';
import type { InputFormat } from '../load/index.ts';
import { DEFAULT_LIMITS, type Limits } from '../model/limits.ts';
import { TimelineError, UsageError } from '../errors.ts';
import { API_PARAMETERS, jobOptions, optionsOf, queryLayer, resolveOptions, resolveTable, type OptionLayer } from '../options/index.ts';
import type { OutputFormat } from '../render/formats.ts';
import { BodyTooLarge, contentType, etagOf, readBody, sendError, sendFile } from './http.ts';

/** The name a request body's messages give it, as the CLI names standard input `<stdin>`. */
export const REQUEST_NAME = '<request>';

/**
 * Content types that say which input format a body is. Anything else (text/plain, which
 * fetch sends for any string, or curl's form type) is told from the content, as the CLI does.
 */
const FORMAT_BY_TYPE: Record<string, InputFormat> = {
  'text/csv': 'csv', 'application/yaml': 'yaml', 'application/x-yaml': 'yaml', 'text/yaml': 'yaml',
};

interface RenderRequest {
  job: RenderJob;
  format: OutputFormat;
  /** 1-based image of a preset that makes several (carousel slides, story frames). */
  slide: number;
}

/** The API's parameters: the options table's `api` options and the request's own (format, preset, slide). */
const API_SPECS = [...optionsOf('api').map(([, spec]) => spec), ...Object.values(API_PARAMETERS)];

/**
 * What a request asks for. Each parameter is read and bounded by the options table, as the
 * command line's flags are; a parameter the API does not take is refused, so a typo never
 * renders quietly with the default.
 */
function parseRequest(req: IncomingMessage, query: URLSearchParams, body: Buffer, limits: Limits): RenderRequest {
  const asked = queryLayer(query, API_SPECS);
  const { format, preset, slide } = resolveTable(API_PARAMETERS, [asked]);
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const byType: OptionLayer = { values: { from: FORMAT_BY_TYPE[mediaType] }, refuse: asked.refuse };
  const options = jobOptions(resolveOptions([asked, byType]));
  const job: RenderJob = { ...options, input: REQUEST_NAME, source: body, name: 'timeline', formats: [format], presets: [preset], profile: false, limits };
  return { job, format, slide };
}

/** How long a refused client should wait: the queue ahead of it at the pace renders have taken. */
class Pace {
  private seconds = 1;

  record(started: number): void {
    this.seconds = 0.8 * this.seconds + 0.2 * ((performance.now() - started) / 1000);
  }

  retryAfter(pool: WorkerPool): number {
    return Math.max(1, Math.ceil((pool.queued + 1) * this.seconds / pool.size));
  }
}

export interface RenderApi {
  handle(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void>;
}

/**
 * `POST /render?format=png|pdf&preset=…`: the body is a timeline in any input format; the answer
 * is the file. Bad input gets 400 with the CLI's message and places, a body over the input
 * limit 413, a full queue 503 with Retry-After.
 */
export function renderApi(pool: WorkerPool, limits: Limits = DEFAULT_LIMITS): RenderApi {
  const pace = new Pace();
  return {
    async handle(req, res, query) {
      let request: RenderRequest;
      try {
        request = parseRequest(req, query, await readBody(req, limits.inputBytes), limits);
      } catch (error) {
        if (error instanceof BodyTooLarge) return sendError(res, 413, 'too-large', `${REQUEST_NAME}: ${error.message} Send at most ${limits.inputBytes} bytes.`, {}, { connection: 'close' });
        if (error instanceof TimelineError && error.kind === 'usage') return sendError(res, 400, 'bad-parameter', error.message);
        throw error;
      }
      const started = performance.now();
      // A client that goes away before its answer frees the worker for the next request.
      const gone = new AbortController();
      res.once('close', () => gone.abort());
      let reply;
      try {
        reply = await pool.run(request.job, { signal: gone.signal });
      } catch (error) {
        if (!(error instanceof QueueFullError)) throw error;
        const wait = pace.retryAfter(pool);
        return sendError(res, 503, 'busy', `${error.message} Try again in ${wait} s.`, { retryAfter: wait }, { 'retry-after': String(wait) });
      }
      if (!reply.ok && reply.cancelled) return;
      pace.record(started);
      if (!reply.ok) {
        if (reply.exitCode === 70) return sendError(res, 500, 'internal', reply.message);
        return sendError(res, 400, 'bad-input', reply.message, { file: reply.file ?? REQUEST_NAME, diagnostics: reply.diagnostics ?? [] });
      }
      sendOutput(req, res, request, reply.result.files ?? [], reply.result.warnings);
    },
  };
}

/** Header values are Latin-1: warnings travel as JSON with every other character escaped. */
const asciiJson = (value: unknown): string => JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function sendOutput(req: IncomingMessage, res: ServerResponse, request: RenderRequest, files: readonly OutputFile[], warnings: readonly string[]): void {
  const suffix = request.format === 'pdf' ? '.pdf' : '.png';
  const outputs = files.filter((f) => f.name.endsWith(suffix));
  const chosen = outputs[request.slide - 1];
  if (!chosen) return sendError(res, 400, 'bad-parameter', `Invalid value for slide. Allowed: a whole number from 1 to ${outputs.length}. Received: ${JSON.stringify(String(request.slide))}.`);
  sendFile(req, res, { bytes: chosen.bytes, type: contentType(chosen.name), etag: etagOf(chosen.bytes) }, {
    'content-disposition': `inline; filename="${chosen.name}"`,
    'x-image-count': String(outputs.length),
    // What the CLI would print as warnings (skipped media URLs, events out of order...), for the caller's logs.
    ...(warnings.length > 0 ? { 'x-warnings': asciiJson(warnings) } : {}),
  });
}
