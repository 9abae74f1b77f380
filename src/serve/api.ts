import type { IncomingMessage, ServerResponse } from 'node:http';
import { QueueFullError, type WorkerPool } from '../batch/pool.ts';
import type { RenderJob } from '../job.ts';
import type { OutputFile } from '../output.ts';
import { INPUT_FORMATS, type InputFormat } from '../load/index.ts';
import { DEFAULT_LIMITS, type Limits } from '../model/limits.ts';
import { parsePrintOptions } from '../model/units.ts';
import { TimelineError, UsageError } from '../errors.ts';
import { OUTPUT_FORMATS, PRESET_NAMES, type OutputFormat, type PresetName } from '../render/formats.ts';
import { BodyTooLarge, contentType, etagOf, readBody, sendError, sendFile } from './http.ts';

/** The name a request body's messages give it, as the CLI names standard input `<stdin>`. */
export const REQUEST_NAME = '<request>';

function choice<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[], fallback: T | undefined): T | undefined {
  const value = query.get(name);
  if (value === null) return fallback;
  if (!allowed.includes(value.toLowerCase() as T)) throw new UsageError(`Invalid value for ${name}. Allowed: ${allowed.join(', ')}. Received: ${JSON.stringify(value)}.`);
  return value.toLowerCase() as T;
}

function wholeNumber(query: URLSearchParams, name: string, min: number, max: number, fallback: number): number {
  const value = query.get(name);
  if (value === null) return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) throw new UsageError(`Invalid value for ${name}. Allowed: a whole number from ${min} to ${max}. Received: ${JSON.stringify(value)}.`);
  return number;
}

/** A switch such as `cmyk`: absent or `false` is off; present, empty or `true` is on. */
function flag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null || value === 'false') return false;
  if (value === '' || value === 'true') return true;
  throw new UsageError(`Invalid value for ${name}. Allowed: true, false. Received: ${JSON.stringify(value)}.`);
}

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

function parseRequest(req: IncomingMessage, query: URLSearchParams, body: Buffer, limits: Limits): RenderRequest {
  const format = choice(query, 'format', OUTPUT_FORMATS, 'png')!;
  const preset = choice<PresetName>(query, 'preset', PRESET_NAMES, 'tall')!;
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const from = choice(query, 'from', INPUT_FORMATS, FORMAT_BY_TYPE[mediaType]);
  const print = parsePrintOptions({ page: query.get('page') ?? 'letter', margin: query.get('margin') ?? undefined, bleed: query.get('bleed') ?? undefined }, (name) => name);
  const job: RenderJob = {
    input: REQUEST_NAME, source: body, name: 'timeline', ...(from ? { from } : {}),
    formats: [format], presets: [preset], keepOrder: flag(query, 'keep-order'),
    scale: wholeNumber(query, 'scale', 1, 3, 2), maxSlides: wholeNumber(query, 'max-slides', 2, 99, 10),
    ...print, cropMarks: flag(query, 'crop-marks'), cmyk: flag(query, 'cmyk'), profile: false, limits,
  };
  return { job, format, slide: wholeNumber(query, 'slide', 1, 99, 1) };
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
