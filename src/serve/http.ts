import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A strong ETag from the bytes themselves: the same render always gets the same tag. */
export const etagOf = (bytes: Uint8Array): string => `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body, null, 2) + '\n';
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** An error body: a short code a program can branch on and the message a person reads. */
export const sendError = (
  res: ServerResponse,
  status: number,
  error: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): void => sendJson(res, status, { error, message, ...extra }, headers);

/**
 * The one range a `Range` header asks for (RFC 9110 14.2): `bytes=a-b`, `bytes=a-` or `bytes=-n`.
 * `undefined` serves the whole file (no header, another unit, several ranges, a malformed one,
 * all of which a server may ignore); `'unsatisfiable'` starts past the end (416).
 */
export function byteRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = header?.trim().match(/^bytes=(\d*)-(\d*)$/);
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [first, last] = [match[1]!, match[2]!];
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return undefined;
  return start >= size ? 'unsatisfiable' : { start, end };
}

/**
 * A rendered file; answers 304 when the client already holds these bytes, and one byte range
 * when asked (206): Safari plays a video only from a server that serves ranges.
 */
export function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: { bytes: Uint8Array; type: string; etag: string },
  headers: Record<string, string> = {},
): void {
  const common = { etag: file.etag, 'cache-control': 'no-cache', 'accept-ranges': 'bytes', ...headers };
  const known = req.headers['if-none-match']?.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (known?.includes(file.etag) || known?.includes('*')) {
    res.writeHead(304, common);
    res.end();
    return;
  }
  const size = file.bytes.byteLength;
  // Ranges are GET's alone (RFC 9110 14.2); If-Range with another tag means the client's part is of other bytes.
  const ifRange = req.headers['if-range'];
  const ranged = (req.method === 'GET' || req.method === 'HEAD') && (ifRange === undefined || ifRange === file.etag);
  const range = ranged ? byteRange(req.headers.range, size) : undefined;
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...common, 'content-range': `bytes */${size}`, 'content-length': 0 });
    res.end();
    return;
  }
  if (range) {
    res.writeHead(206, {
      'content-type': file.type,
      'content-range': `bytes ${range.start}-${range.end}/${size}`,
      'content-length': range.end - range.start + 1,
      ...common,
    });
    res.end(req.method === 'HEAD' ? undefined : file.bytes.subarray(range.start, range.end + 1));
    return;
  }
  res.writeHead(200, { 'content-type': file.type, 'content-length': size, ...common });
  res.end(req.method === 'HEAD' ? undefined : file.bytes);
}

/**
 * A bug of ours met while answering: the details (which may name the server's files) go to the
 * server's log under a short id, and the client gets only the id to report.
 */
export function sendInternalError(res: ServerResponse, details: string): void {
  const id = randomBytes(4).toString('hex');
  process.stderr.write(`timeline-render: internal error ${id}: ${details}\n`);
  sendError(res, 500, 'internal', `An internal error of timeline-render; the server's log has it as ${id}.`, { id });
}

/** The request body is larger than the server takes. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The request body is over ${limit} bytes.`);
  }
}

/** Reads a request body, refusing it as soon as it passes `limit` bytes (declared or sent). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Content types of the files a render makes. */
export function contentType(name: string): string {
  if (name.endsWith('.png')) return 'image/png';
  if (name.endsWith('.pdf')) return 'application/pdf';
  if (name.endsWith('.mp4')) return 'video/mp4';
  return 'text/plain; charset=utf-8';
}
