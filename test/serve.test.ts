import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exposureWarning, startServer, type RunningServer } from '../src/serve/index.ts';
import { authorized } from '../src/serve/auth.ts';
import type { IncomingMessage } from 'node:http';
import { DEFAULT_LIMITS } from '../src/model/limits.ts';
import { fixture, REPO } from './helpers.ts';
import { syntheticTimeline } from '../scripts/generate-timeline.ts';
import { readPdf } from './support/pdf.ts';
import { readStructure } from './support/pdf-structure.ts';
import { pngSize } from './support/png.ts';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

const GOOD = readFileSync(join(REPO, fixture('good.json')));
const BODY_LIMIT = 20_000;

interface Context {
  server: RunningServer;
  dir: string;
  /** The served copy of good.json. */
  file: string;
}

const post = (server: RunningServer, query: string, body: BodyInit, headers: Record<string, string> = {}) =>
  fetch(`${server.url}render${query}`, {
    method: 'POST',
    body,
    headers,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);

/** Polls until `check` gives a value, or fails after `timeoutMs`. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const section = async (server: RunningServer, id: string) => (await fetch(`${server.url}timeline/${id}`)).text();

interface Health {
  ok: boolean;
  timelines: number;
  queued: number;
  running: number;
  cancelled: number;
}
const health = async (server: RunningServer) => (await fetch(`${server.url}health`)).json() as Promise<Health>;

const api = suite<Context>('render API');

api.before(async (context) => {
  context.dir = mkdtempSync(join(tmpdir(), 'timeline-render-serve-'));
  context.file = join(context.dir, 'small.json');
  copyFileSync(join(REPO, fixture('good.json')), context.file);
  context.server = await startServer({
    inputs: [context.dir],
    port: 0,
    maxQueued: 4,
    limits: { ...DEFAULT_LIMITS, inputBytes: BODY_LIMIT },
  });
});

api.after(async ({ server, dir }) => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

api('listens on the loopback address only, unless told otherwise', ({ server }) => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
});

api('POST /render gives the PNG of the preset asked for, with its content type and an ETag', async ({ server }) => {
  const response = await post(server, '?format=png&preset=og', GOOD, { 'content-type': 'application/json' });
  assert.is(response.status, 200);
  assert.is(response.headers.get('content-type'), 'image/png');
  assert.match(response.headers.get('etag') ?? '', /^"[\w-]{27}"$/);
  assert.equal(pngSize(new Uint8Array(await response.arrayBuffer())), { width: 1200, height: 630 });
});

api('POST /render?format=pdf gives a PDF that another parser reads', async ({ server }) => {
  const response = await post(server, '?format=pdf&page=a4', GOOD);
  assert.is(response.status, 200);
  assert.is(response.headers.get('content-type'), 'application/pdf');
  const pdf = await readPdf(new Uint8Array(await response.arrayBuffer()));
  assert.ok(pdf.pageTexts.join(' ').includes('A small good timeline'));
  assert.equal(pdf.pageSizes[0]!.map(Math.round), [595, 842]);
});

api('POST /render takes the print options of the command line: page, margin, bleed, crop-marks, cmyk', async ({ server }) => {
  const response = await post(server, '?format=pdf&page=a4&margin=12mm&bleed=3mm&crop-marks&cmyk=true', GOOD);
  assert.is(response.status, 200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const { pages, contents } = await readStructure(bytes);
  const mm = 72 / 25.4;
  const [trim, bleed, media] = [pages[0]!.trim, pages[0]!.bleed, pages[0]!.media];
  assert.equal([trim[2] - trim[0], trim[3] - trim[1]].map(Math.round), [595, 842]);
  assert.ok(Math.abs(trim[0] - bleed[0] - 3 * mm) < 0.01, `bleed ${bleed} around trim ${trim}`);
  assert.ok(media[2] - media[0] > bleed[2] - bleed[0], 'room for the crop marks');
  assert.ok(
    contents.every((c) => !/\b(rg|RG)\b|DeviceRGB/.test(c)),
    'no RGB under cmyk',
  );
});

api("print options out of bounds are refused with the CLI's words, before any render", async ({ server }) => {
  for (const [query, expected] of [
    ['?format=pdf&page=1ptx1pt', 'Invalid value for page. Allowed: letter, a4, tabloid, or WxH from 1x2 in to 200x200 in'],
    ['?format=pdf&page=900inx900in', 'Invalid value for page.'],
    ['?format=pdf&bleed=2in', 'Invalid value for bleed. Allowed: a length up to 1 in'],
    ['?format=pdf&margin=lots', 'Invalid value for margin.'],
    ['?format=pdf&cmyk=yes', 'Invalid value for cmyk. Allowed: true, false. Received: "yes".'],
    ['?preset=instagram&max-slides=1', 'Invalid value for max-slides. Allowed: a whole number from 2 to 99.'],
  ]) {
    const response = await post(server, query!, GOOD);
    assert.is(response.status, 400, query);
    const body = (await response.json()) as { error: string; message: string };
    assert.is(body.error, 'bad-parameter', query);
    assert.match(body.message, expected!, query);
  }
});

api('max-slides bounds the carousel as --max-slides does: a series of posts, numbered across its parts', async ({ server }) => {
  const seed = readFileSync(join(REPO, 'data/syria-timeline.json'));
  const refused = await post(server, '?preset=instagram&max-slides=2', seed);
  assert.is(refused.status, 400);
  assert.match(((await refused.json()) as { message: string }).message, 'The Instagram carousel needs 11 slides, over the limit of 2');
  // 10 event slides at 5 a post, cover included: 3 carousels (4, 3 and 3 event slides), each with its own cover.
  const last = await post(server, '?preset=instagram&max-slides=5&slide=13', seed);
  assert.is(last.status, 200);
  assert.is(last.headers.get('x-image-count'), '13');
  assert.match(last.headers.get('content-disposition')!, 'instagram-3-04.png');
  assert.match(last.headers.get('x-warnings')!, 'written as 3 carousels of 5, 4 and 4');
});

api('a carousel preset answers one slide at a time and says how many there are', async ({ server }) => {
  const response = await post(server, '?preset=instagram&slide=2', GOOD);
  assert.is(response.status, 200);
  const count = Number(response.headers.get('x-image-count'));
  assert.ok(count >= 2, `x-image-count ${count}`);
  assert.equal(pngSize(new Uint8Array(await response.arrayBuffer())), { width: 1080, height: 1350 });
  const past = await post(server, `?preset=instagram&slide=${count + 1}`, GOOD);
  assert.is(past.status, 400);
  assert.match(((await past.json()) as { message: string }).message, `Allowed: a whole number from 1 to ${count}`);
});

api('the input format comes from the content type or the content, like the CLI', async ({ server }) => {
  const yaml = readFileSync(join(REPO, fixture('inputs/native-twin.yaml')));
  assert.is((await post(server, '?preset=og', yaml, { 'content-type': 'application/yaml' })).status, 200);
  assert.is((await post(server, '?preset=og', yaml)).status, 200);
  const csv = readFileSync(join(REPO, fixture('inputs/timelinejs-sheet.csv')));
  assert.is((await post(server, '?preset=og', csv, { 'content-type': 'text/csv' })).status, 200);
});

api('warnings the CLI would print come back in X-Warnings, as JSON', async ({ server }) => {
  const response = await post(server, '?preset=og', readFileSync(join(REPO, fixture('inputs/timelinejs.json'))));
  assert.is(response.status, 200);
  const warnings = JSON.parse(response.headers.get('x-warnings') ?? '[]') as string[];
  assert.ok(
    warnings.some((w) => /^<request>: warning: skipped 2 .*nothing is fetched/.test(w)),
    warnings.join('\n'),
  );
  assert.is((await post(server, '?preset=og', GOOD)).headers.get('x-warnings'), null);
});

api('a bad body gets 400 with the message and place the CLI gives', async ({ server }) => {
  const body = '{\n  "title": "Broken",\n  "events": [,]\n}\n';
  const response = await post(server, '', body, { 'content-type': 'application/json' });
  assert.is(response.status, 400);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  const error = (await response.json()) as {
    error: string;
    message: string;
    file: string;
    diagnostics: Array<{ place?: string; message: string }>;
  };
  assert.is(error.error, 'bad-input');
  assert.is(error.file, '<request>');
  assert.match(error.diagnostics[0]!.place ?? '', /^3:\d+$/);
  const cli = spawnSync(process.execPath, ['bin/timeline-render.js', 'validate', '-'], { cwd: REPO, input: body, encoding: 'utf8' });
  assert.is(cli.status, 1);
  assert.is(error.message, cli.stderr.trim().replaceAll('<stdin>', '<request>'));
});

api('a schema problem is placed by its field path', async ({ server }) => {
  const timeline = JSON.parse(GOOD.toString()) as { events: Array<{ actor: string }> };
  timeline.events[1]!.actor = 'Nobody';
  const error = (await (await post(server, '', JSON.stringify(timeline))).json()) as { diagnostics: Array<{ place?: string }> };
  assert.is(error.diagnostics[0]!.place, 'events[1].actor');
});

api("a bad parameter is refused in the CLI's words", async ({ server }) => {
  const response = await post(server, '?format=gif', GOOD);
  assert.is(response.status, 400);
  assert.is(((await response.json()) as { message: string }).message, 'Invalid value for format. Allowed: png, pdf. Received: "gif".');
});

api('a body over the input limit gets 413, whether its length is declared or not', async ({ server }) => {
  const big = Buffer.alloc(BODY_LIMIT + 1, 0x20);
  const declared = await post(server, '', big);
  assert.is(declared.status, 413);
  assert.is(((await declared.json()) as { error: string }).error, 'too-large');
  const stream = new ReadableStream({
    start(controller) {
      controller.enqueue(big);
      controller.close();
    },
  });
  const chunked = await post(server, '', stream);
  assert.is(chunked.status, 413);
});

api('other methods and paths get 405 and 404', async ({ server }) => {
  const put = await fetch(`${server.url}render`, { method: 'PUT', body: '{}' });
  assert.is(put.status, 405);
  assert.is(put.headers.get('allow'), 'POST, GET');
  const get = await fetch(`${server.url}render`);
  assert.is(get.status, 400, 'GET /render needs the name of a served timeline');
  assert.match(((await get.json()) as { message: string }).message, 'add src=<name>. Served: "small"');
  assert.is((await fetch(`${server.url}nothing`)).status, 404);
  assert.is((await fetch(`${server.url}files/small/%E0%A4%A`)).status, 404, 'bad percent-encoding is not found, not a crash');
});

api('a rendered file answers with its ETag, and 304 when the client has it', async ({ server }) => {
  const url = `${server.url}files/small/small.png`;
  const first = await eventually('the preview render', async () => {
    const response = await fetch(url);
    return response.status === 200 ? response : undefined;
  });
  const etag = first.headers.get('etag')!;
  assert.ok(etag);
  assert.ok(pngSize(new Uint8Array(await first.arrayBuffer())).width > 0);
  const again = await fetch(url, { headers: { 'if-none-match': etag } });
  assert.is(again.status, 304);
  assert.is((await again.arrayBuffer()).byteLength, 0);
  assert.is((await fetch(url, { headers: { 'if-none-match': '"other"' } })).status, 200);
});

api('a burst of 50 requests is answered in full: each a render or a 503 with Retry-After', async ({ server }) => {
  const responses = await Promise.all(Array.from({ length: 50 }, () => post(server, '?preset=og', GOOD)));
  const statuses = responses.map((r) => r.status);
  assert.ok(
    statuses.every((s) => s === 200 || s === 503),
    `statuses ${[...new Set(statuses)].join(', ')}`,
  );
  const refused = responses.filter((r) => r.status === 503);
  assert.ok(refused.length > 0, 'a queue of 4 must refuse some of 50');
  assert.ok(statuses.filter((s) => s === 200).length >= 4, 'the queue still serves what it takes');
  for (const response of refused) {
    assert.ok(Number(response.headers.get('retry-after')) >= 1);
    assert.is(((await response.json()) as { error: string }).error, 'busy');
  }
  for (const response of responses.filter((r) => r.status === 200)) {
    assert.equal(pngSize(new Uint8Array(await response.arrayBuffer())), { width: 1200, height: 630 });
  }
  assert.is((await post(server, '?preset=og', GOOD)).status, 200);
});

api('a saved file re-renders; an error shows beside the last good render', async ({ server, file }) => {
  await eventually('the first render', async () => ((await section(server, 'small')).includes('small.screen.png?v=') ? true : undefined));
  const events = await fetch(`${server.url}events`);
  const reader = events.body!.getReader();
  writeFileSync(file, GOOD.toString().replace('A small good timeline', 'A renamed timeline'));
  const { value } = await reader.read();
  let heard = new TextDecoder().decode(value);
  while (!heard.includes('event: update')) heard += new TextDecoder().decode((await reader.read()).value);
  assert.match(heard, '"id":"small"');
  await reader.cancel();
  await eventually('the new title', async () => ((await section(server, 'small')).includes('A renamed timeline') ? true : undefined));

  writeFileSync(file, '{\n  "title": "Broken",\n  "events": [,]\n}\n');
  const broken = await eventually('the error', async () => {
    const html = await section(server, 'small');
    return html.includes('role="alert"') && !html.includes('Rendering…') ? html : undefined;
  });
  assert.match(broken, /small\.json:3:\d+: /);
  assert.match(broken, /<img src="\/files\/small\/small\.screen\.png\?v=/);
  assert.ok(broken.includes('A renamed timeline'), 'the last good render keeps its title');

  copyFileSync(join(REPO, fixture('good.json')), file);
  await eventually('the error to clear', async () => {
    const html = await section(server, 'small');
    return !html.includes('role="alert"') && html.includes('A small good timeline') ? true : undefined;
  });
});

api('a timeline file saved into a served folder joins the page', async ({ server, dir }) => {
  writeFileSync(join(dir, 'second.json'), GOOD.toString().replace('A small good timeline', 'A second timeline'));
  await eventually('the new section', async () => ((await section(server, 'second')).includes('A second timeline') ? true : undefined));
  const page = await (await fetch(server.url)).text();
  assert.ok(page.includes('data-id="small"') && page.includes('data-id="second"'), 'both timelines are listed');
});

/** Waits for the preview's own renders to finish: they share the queue that refuses API renders when full. */
const quiet = (server: RunningServer) =>
  eventually(
    'the preview renders',
    async () => {
      const { queued, running } = await health(server);
      return queued === 0 && running === 0 ? true : undefined;
    },
    120_000,
  );

api('/render answers carry a strong ETag of the request and Cache-Control; a client holding it gets 304', async ({ server }) => {
  await quiet(server);
  const first = await post(server, '?preset=og', GOOD);
  assert.is(first.status, 200);
  assert.is(first.headers.get('cache-control'), 'public, max-age=3600');
  const etag = first.headers.get('etag')!;
  assert.match(etag, /^"[\w-]{27}"$/, 'a strong tag: no W/');
  const bytes = new Uint8Array(await first.arrayBuffer());
  const again = await post(server, '?preset=og', GOOD);
  assert.is(again.headers.get('etag'), etag, 'the same request has the same tag');
  assert.equal(new Uint8Array(await again.arrayBuffer()), bytes, 'and the same bytes');
  const tags = await Promise.all(
    ['?preset=x', '?preset=og&format=pdf'].map(async (query) => (await post(server, query, GOOD)).headers.get('etag')),
  );
  const otherData = (await post(server, '?preset=og', GOOD.toString().replace('First event.', 'First event!'))).headers.get('etag');
  assert.is(new Set([etag, ...tags, otherData]).size, 4, 'another option or other data has another tag');
  const held = await post(server, '?preset=og', GOOD, { 'if-none-match': etag });
  assert.is(held.status, 304);
  assert.is(held.headers.get('etag'), etag);
  assert.is((await held.arrayBuffer()).byteLength, 0);
});

api('GET /render?src=<name> renders a served timeline by URL, for a CDN to cache', async ({ server }) => {
  await quiet(server);
  const url = `${server.url}render?src=small&preset=og`;
  const response = await fetch(url);
  assert.is(response.status, 200);
  assert.is(response.headers.get('content-type'), 'image/png');
  assert.is(response.headers.get('cache-control'), 'public, max-age=3600');
  assert.equal(pngSize(new Uint8Array(await response.arrayBuffer())), { width: 1200, height: 630 });
  const etag = response.headers.get('etag')!;
  assert.is((await fetch(url, { headers: { 'if-none-match': etag } })).status, 304);
  const head = await fetch(url, { method: 'HEAD' });
  assert.equal([head.status, (await head.arrayBuffer()).byteLength], [200, 0]);
  const missing = await fetch(`${server.url}render?src=nothing&preset=og`);
  assert.is(missing.status, 404);
  assert.match(((await missing.json()) as { message: string }).message, 'No timeline "nothing" is served here. Served: ');
  assert.is((await fetch(`${server.url}render?src=small&colour=red`)).status, 400, "its parameters are checked as POST's are");
});

api("the page has an icon, so a browser's request for one is not a 404", async ({ server }) => {
  const icon = await fetch(`${server.url}favicon.ico`);
  assert.is(icon.status, 200);
  assert.is(icon.headers.get('content-type'), 'image/svg+xml');
  assert.match(await icon.text(), /^<svg /);
  assert.match(await (await fetch(server.url)).text(), '<link rel="icon" href="/favicon.ico"');
});

api.run();

const burst = suite<{ server: RunningServer }>('render API with room for a burst');

burst.before(async (context) => {
  context.server = await startServer({ port: 0, maxQueued: 50 });
});

burst.after(async ({ server }) => server.close());

burst('50 concurrent requests with room in the queue are all rendered', async ({ server }) => {
  const responses = await Promise.all(
    Array.from({ length: 50 }, (_, i) => {
      const timeline = JSON.parse(GOOD.toString()) as { title: string };
      timeline.title = `Timeline number ${i}`;
      return post(server, '?preset=og', JSON.stringify(timeline));
    }),
  );
  assert.equal(
    responses.map((r) => r.status),
    Array(50).fill(200),
  );
  const tags = new Set(responses.map((r) => r.headers.get('etag')));
  assert.is(tags.size, 50, 'each request got its own render');
});

burst('a client that goes away before its answer has its render cancelled, and /health counts it', async ({ server }) => {
  const before = await health(server);
  const client = new AbortController();
  const big = JSON.stringify(syntheticTimeline(120));
  const request = fetch(`${server.url}render?format=png&scale=2`, { method: 'POST', body: big, signal: client.signal }).catch(
    () => undefined,
  );
  await eventually('the render to start', async () => ((await health(server)).running > 0 ? true : undefined));
  client.abort();
  await request;
  const after = await eventually('the cancel', async () => {
    const now = await health(server);
    return now.cancelled > before.cancelled && now.running === 0 ? now : undefined;
  });
  assert.equal([after.ok, after.queued], [true, 0]);
  assert.is((await post(server, '?preset=og', GOOD)).status, 200, 'the server goes on');
});

burst.run();

const broken = suite('a file broken from the start');

broken('shows its error and says nothing could be drawn yet', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'timeline-render-broken-'));
  writeFileSync(join(dir, 'broken.json'), '{\n  "title": "Broken",\n  "events": [,]\n}\n');
  const server = await startServer({ inputs: [dir], port: 0 });
  try {
    const html = await eventually('the error', async () => {
      const text = await section(server, 'broken');
      return text.includes('role="alert"') && !text.includes('Rendering…') ? text : undefined;
    });
    assert.match(html, /broken\.json:3:\d+: /);
    assert.match(html, 'Nothing can be drawn until it is fixed.');
    assert.not.match(html, '<img');
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

broken("the server's own --theme applies to the API's renders, and changes their ETag", async () => {
  const plain = await startServer({ port: 0 });
  const themed = await startServer({ port: 0, theme: fixture('themes/newsprint.json') });
  try {
    const [a, b] = await Promise.all([plain, themed].map((server) => post(server, '?preset=og', GOOD)));
    assert.equal([a!.status, b!.status], [200, 200]);
    assert.is.not(a!.headers.get('etag'), b!.headers.get('etag'));
    const [pa, pb] = await Promise.all([a!, b!].map(async (r) => PNG.sync.read(Buffer.from(await r.arrayBuffer()))));
    assert.ok(pixelmatch(pa!.data, pb!.data, undefined, pa!.width, pa!.height, { threshold: 0.1 }) > 1000, "the theme's colours are drawn");
  } finally {
    await Promise.all([plain.close(), themed.close()]);
  }
});

broken('a server whose --theme is broken stops at start, naming the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'timeline-render-theme-'));
  writeFileSync(join(dir, 'bad.json'), '{ "colors": ');
  try {
    let message = '';
    await startServer({ port: 0, theme: join(dir, 'bad.json') }).then(
      (server) => server.close(),
      (error: Error) => {
        message = error.message;
      },
    );
    assert.match(message, join(dir, 'bad.json'));
    // Colours that fail contrast are the theme's own fault: found at start, not named in a request's answer.
    message = '';
    await startServer({ port: 0, theme: fixture('themes/low-contrast.json') }).then(
      (server) => server.close(),
      (error: Error) => {
        message = error.message;
      },
    );
    assert.match(message, fixture('themes/low-contrast.json'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

broken("the page's own renders do not use up the queue that bounds the API", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'timeline-render-queue-'));
  for (const name of ['one', 'two', 'three']) writeFileSync(join(dir, `${name}.json`), GOOD);
  const server = await startServer({ inputs: [dir], port: 0, maxQueued: 1 });
  try {
    const response = await post(server, '?preset=og', GOOD);
    assert.is(response.status, 200, 'a queue of 1 still takes the request while the page renders three files');
    assert.equal(pngSize(new Uint8Array(await response.arrayBuffer())), { width: 1200, height: 630 });
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

broken.run();

const cli = suite('serve command');

/** Starts `timeline-render serve` as a process of its own; resolves once it prints its address. */
async function serveProcess(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [join(REPO, 'bin/timeline-render.js'), 'serve', ...args], {
    cwd: options.cwd ?? REPO,
    env: options.env ?? process.env,
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const url = await eventually(
    'the address',
    async () => stderr.match(/(?:previews|render API) at (http:\/\/127\.0\.0\.1:\d+\/)/)?.[1],
    30_000,
  );
  return { child, exit, url, stderr: () => stderr };
}

cli('timeline-render serve prints its address, answers, and stops cleanly on SIGTERM', async () => {
  const { child, exit, url } = await serveProcess([fixture('good.json'), '--port', '0']);
  const { ok, timelines, queued, running, cancelled } = (await (await fetch(`${url}health`)).json()) as Health;
  assert.equal([ok, timelines, cancelled], [true, 1, 0]);
  assert.ok(queued >= 0 && running >= 0, "the pool's load is reported");
  child.kill('SIGTERM');
  assert.is(await exit, 0);
});

cli('serve refuses a bad port and a missing file before it listens', () => {
  const port = spawnSync(process.execPath, ['bin/timeline-render.js', 'serve', '--port', '70000'], { cwd: REPO, encoding: 'utf8' });
  assert.is(port.status, 2);
  assert.match(port.stderr, 'Invalid value for --port. Allowed: a whole number from 0 to 65535. Received: 70000.');
  const missing = spawnSync(process.execPath, ['bin/timeline-render.js', 'serve', 'no-such.json', '--port', '0'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  assert.is(missing.status, 1);
  assert.match(missing.stderr, 'no-such.json');
});

cli('serve takes the token from TIMELINE_RENDER_TOKEN, and the limits as options', async () => {
  const token = 'a-token-from-the-environment';
  const { child, exit, url, stderr } = await serveProcess(
    [fixture('good.json'), '--port', '0', '--render-timeout', '45', '--cache-max-age', '60'],
    { env: { ...process.env, TIMELINE_RENDER_TOKEN: token } },
  );
  try {
    assert.is((await fetch(`${url}render?preset=og`, { method: 'POST', body: GOOD })).status, 401);
    const allowed = await fetch(`${url}render?preset=og`, { method: 'POST', body: GOOD, headers: { authorization: `Bearer ${token}` } });
    assert.is(allowed.status, 200);
    assert.is(allowed.headers.get('cache-control'), 'public, max-age=60');
    assert.not.match(stderr(), 'warning', 'loopback: no warning');
  } finally {
    child.kill('SIGTERM');
  }
  assert.is(await exit, 0);
});

cli('serve refuses a short token and a render timeout of 0, naming the option', () => {
  for (const [args, expected] of [
    [['--token', 'short'], 'Invalid value for --token. Allowed: a text of 16 characters or more, without spaces. Received: "short".'],
    [['--render-timeout', '0'], 'Invalid value for --render-timeout. Allowed: a whole number from 1 to 3600. Received: 0.'],
  ] as Array<[string[], string]>) {
    const result = spawnSync(process.execPath, ['bin/timeline-render.js', 'serve', fixture('good.json'), '--port', '0', ...args], {
      cwd: REPO,
      encoding: 'utf8',
    });
    assert.is(result.status, 2, result.stderr);
    assert.match(result.stderr, expected);
  }
  const fromEnv = spawnSync(process.execPath, ['bin/timeline-render.js', 'serve', fixture('good.json'), '--port', '0'], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, TIMELINE_RENDER_TOKEN: 'hunter2' },
  });
  assert.is(fromEnv.status, 2, fromEnv.stderr);
  assert.match(
    fromEnv.stderr,
    'Invalid value for TIMELINE_RENDER_TOKEN. Allowed: a text of 16 characters or more, without spaces. Received: 7 characters.',
  );
  assert.not.match(fromEnv.stderr, 'hunter2', 'a secret is not printed, even a bad one');
});

cli(
  'serve --no-preview is the render API alone: it starts where there is no data/ folder, previews and renders nothing of its own',
  async () => {
    const bin = join(REPO, 'bin/timeline-render.js');
    const empty = mkdtempSync(join(tmpdir(), 'api-only-'));
    try {
      const withPreview = spawnSync(process.execPath, [bin, 'serve', '--port', '0'], { cwd: empty, encoding: 'utf8' });
      assert.is(withPreview.status, 1, 'the preview needs its data/ folder');
      const withFiles = spawnSync(process.execPath, [bin, 'serve', '--no-preview', fixture('good.json')].map(String), {
        cwd: REPO,
        encoding: 'utf8',
      });
      assert.is(withFiles.status, 2);
      assert.match(withFiles.stderr, '--no-preview serves the render API alone and reads no files: leave out');
      const { child, exit, url, stderr } = await serveProcess(['--no-preview', '--port', '0'], { cwd: empty });
      try {
        assert.match(stderr(), 'render API at', 'it does not say it previews');
        const { timelines, running, queued } = (await (await fetch(`${url}health`)).json()) as Health;
        assert.equal([timelines, running, queued], [0, 0, 0], 'no preview renders in the background');
        const card = await fetch(`${url}render?preset=og`, { method: 'POST', body: GOOD });
        assert.is(card.status, 200);
        assert.equal(pngSize(Buffer.from(await card.arrayBuffer())), { width: 1200, height: 630 });
      } finally {
        child.kill('SIGTERM');
      }
      assert.is(await exit, 0);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  },
);

cli('an address beyond this machine without a token is warned about; with one, or on loopback, it is not', () => {
  assert.match(
    exposureWarning('0.0.0.0', undefined) ?? '',
    'warning: listening on 0.0.0.0 without a token: anyone who can reach this machine can see the previews and render. Set --token or TIMELINE_RENDER_TOKEN.',
  );
  assert.is(exposureWarning('0.0.0.0', 'a-long-enough-token'), undefined);
  for (const host of ['127.0.0.1', 'localhost', '::1']) assert.is(exposureWarning(host, undefined), undefined, host);
});

cli.run();

const moves = suite('served files deleted and renamed');

/** Starts a server on the files `setup` writes into a fresh folder; `inputs` picks what it is told to serve. */
async function servedFolder(setup: (dir: string) => string[]): Promise<{ server: RunningServer; dir: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'timeline-render-moves-'));
  const server = await startServer({ inputs: setup(dir), port: 0 });
  return {
    server,
    dir,
    stop: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const status = async (url: string) => (await fetch(url)).status;
const served = (server: RunningServer, id: string) =>
  eventually(`${id}'s screen image`, async () => ((await status(`${server.url}files/${id}/${id}.screen.png`)) === 200 ? true : undefined));

moves('a deleted data file leaves the page, and its files stop being served', async () => {
  const { server, dir, stop } = await servedFolder((folder) => {
    writeFileSync(join(folder, 'one.json'), GOOD);
    writeFileSync(join(folder, 'two.json'), GOOD);
    return [folder];
  });
  try {
    await served(server, 'one');
    const events = await fetch(`${server.url}events`);
    const reader = events.body!.getReader();
    rmSync(join(dir, 'one.json'));
    let heard = '';
    while (!heard.includes('event: remove')) heard += new TextDecoder().decode((await reader.read()).value);
    assert.match(heard, /event: remove\ndata: \{"id":"one"\}/);
    await reader.cancel();
    assert.is(await status(`${server.url}timeline/one`), 404);
    assert.is(await status(`${server.url}files/one/one.screen.png`), 404);
    const page = await (await fetch(server.url)).text();
    assert.ok(!page.includes('data-id="one"') && page.includes('data-id="two"'), 'only two is listed');
  } finally {
    await stop();
  }
});

moves('a renamed data file moves to its new name, in a served folder and when named itself', async () => {
  const { server, dir, stop } = await servedFolder((folder) => {
    mkdirSync(join(folder, 'folder'));
    writeFileSync(join(folder, 'folder', 'before.json'), GOOD);
    writeFileSync(join(folder, 'named.json'), GOOD);
    return [join(folder, 'folder'), join(folder, 'named.json')];
  });
  try {
    await served(server, 'before');
    await served(server, 'named');
    renameSync(join(dir, 'folder', 'before.json'), join(dir, 'folder', 'after.json'));
    renameSync(join(dir, 'named.json'), join(dir, 'renamed.json'));
    await served(server, 'after');
    await served(server, 'renamed');
    for (const gone of ['before', 'named']) {
      assert.is(await status(`${server.url}timeline/${gone}`), 404, gone);
      assert.is(await status(`${server.url}files/${gone}/${gone}.screen.png`), 404, gone);
    }
    assert.match(await section(server, 'renamed'), join(dir, 'renamed.json'));
  } finally {
    await stop();
  }
});

moves.run();

const locked = suite<{ server: RunningServer }>('access token');

const TOKEN = 'correct-horse-battery-staple';

locked.before(async (context) => {
  context.server = await startServer({ inputs: [fixture('good.json')], port: 0, token: TOKEN });
});

locked.after(async ({ server }) => server.close());

locked('/render needs Authorization: Bearer <token>; a missing or wrong one gets 401', async ({ server }) => {
  for (const headers of [
    {},
    { authorization: 'Bearer wrong' },
    { authorization: `Basic ${TOKEN}` },
    { authorization: `Bearer ${TOKEN}x` },
  ] as Array<Record<string, string>>) {
    const response = await post(server, '?preset=og', GOOD, headers);
    assert.is(response.status, 401, JSON.stringify(headers));
    assert.is(response.headers.get('www-authenticate'), 'Bearer realm="timeline-render"');
    const body = await response.text();
    assert.match(body, '"error": "unauthorized"');
    assert.not.match(body, TOKEN);
  }
  assert.is((await fetch(`${server.url}render?src=good&preset=og`)).status, 401, 'the GET form too');
  const allowed = await post(server, '?preset=og', GOOD, { authorization: `Bearer ${TOKEN}` });
  assert.is(allowed.status, 200);
  assert.equal(pngSize(new Uint8Array(await allowed.arrayBuffer())), { width: 1200, height: 630 });
});

locked('the probes, and the preview page from this machine, stay open', async ({ server }) => {
  for (const path of ['health', 'ready', '', 'timeline/good', 'favicon.ico']) assert.is(await status(`${server.url}${path}`), 200, path);
});

locked('from beyond this machine the page and its files need the token too; the probes never do', () => {
  const request = (remoteAddress: string, authorization?: string) =>
    ({ socket: { remoteAddress }, headers: authorization ? { authorization } : {} }) as unknown as IncomingMessage;
  const at = (path: string) => new URL(path, 'http://render.example');
  for (const path of ['/', '/files/good/good.png', '/timeline/good', '/events', '/render']) {
    assert.is(authorized(request('10.1.2.3'), at(path), TOKEN), false, path);
    assert.is(authorized(request('10.1.2.3', `Bearer ${TOKEN}`), at(path), TOKEN), true, path);
    assert.is(authorized(request('10.1.2.3'), at(path), undefined), true, `${path} without a token set`);
  }
  for (const path of ['/health', '/ready', '/favicon.ico']) assert.is(authorized(request('10.1.2.3'), at(path), TOKEN), true, path);
  for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
    assert.is(authorized(request(address), at('/files/good/good.png'), TOKEN), true, address);
    assert.is(authorized(request(address), at('/render'), TOKEN), false, `${address}: /render needs the token even here`);
  }
});

locked.run();

const shutdown = suite('graceful shutdown');

const readiness = async (server: RunningServer) => (await fetch(`${server.url}ready`)).status;

shutdown('close() finishes the render in flight while /ready says 503 and new renders are refused', async () => {
  // Room enough for the render on a machine busy with other work: the test is of what is answered, not how fast.
  const server = await startServer({ port: 0, workers: 1, service: { shutdownGrace: 600, renderTimeout: 600 } });
  assert.is(await readiness(server), 200);
  const inFlight = post(server, '?preset=tall', JSON.stringify(syntheticTimeline(120)));
  await eventually('the render to start', async () => ((await health(server)).running > 0 ? true : undefined));
  const closing = server.close();
  assert.is(await readiness(server), 503);
  const refused = await post(server, '?preset=og', GOOD);
  assert.is(refused.status, 503);
  assert.ok(Number(refused.headers.get('retry-after')) >= 1);
  assert.is(((await refused.json()) as { error: string }).error, 'draining');
  const answer = await inFlight;
  assert.is(answer.status, 200, 'the render in flight was finished');
  assert.ok(pngSize(new Uint8Array(await answer.arrayBuffer())).height > 2000);
  await closing;
  assert.is(
    await fetch(`${server.url}health`).then(
      () => 'answered',
      () => 'refused',
    ),
    'refused',
    'the server is gone',
  );
});

shutdown('a render still running when the grace period ends is answered 503', async () => {
  const server = await startServer({ port: 0, workers: 1, service: { shutdownGrace: 0 } });
  const inFlight = post(server, '?preset=tall', JSON.stringify(syntheticTimeline(120)));
  await eventually('the render to start', async () => ((await health(server)).running > 0 ? true : undefined));
  await server.close();
  const answer = await inFlight;
  assert.is(answer.status, 503);
  assert.ok(Number(answer.headers.get('retry-after')) >= 1);
  assert.match(((await answer.json()) as { message: string }).message, 'The server is shutting down.');
});

shutdown.run();
