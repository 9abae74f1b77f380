// The render service tried as a hostile client would: probing the server's paths, holding
// connections open, lying about a body's length, sending images that claim to be huge, and
// leaving mid-render. Each request gets its answer or a closed connection, and the server
// goes on serving the next one.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { startServer, type RunningServer } from '../src/serve/index.ts';
import { syntheticTimeline } from '../scripts/generate-timeline.ts';
import { fixture, REPO, withTempDir } from './helpers.ts';

const GOOD = JSON.parse(readFileSync(join(REPO, fixture('good.json')), 'utf8')) as {
  events: Array<Record<string, unknown>>;
  photo?: unknown;
};
const MEDIA = JSON.parse(readFileSync(join(REPO, fixture('media.json')), 'utf8')) as {
  events: Array<{ media?: { src: string } }>;
  photo: { src: string };
};

const post = (server: RunningServer, query: string, body: string) => fetch(`${server.url}render${query}`, { method: 'POST', body });

const withMedia = (src: string, place: 'event' | 'photo' = 'event'): string =>
  JSON.stringify(
    place === 'photo'
      ? { ...GOOD, photo: { src } }
      : { ...GOOD, events: GOOD.events.map((e, i) => (i === 0 ? { ...e, media: { src } } : e)) },
  );

const dataUri = (file: string, type: string): string => `data:${type};base64,${readFileSync(join(REPO, fixture(file))).toString('base64')}`;

/** A PNG of a few kilobytes whose header claims `width` x `height`: decoding it in full would take gigabytes. */
function hugePng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const framed = Buffer.alloc(body.length + 8);
    framed.writeUInt32BE(data.length, 0);
    body.copy(framed, 4);
    framed.writeUInt32BE(crc32(body), body.length + 4);
    return framed;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  const rows = deflateSync(Buffer.alloc(16 * (1 + width * 3)), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', rows),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

interface RawOutcome {
  /** What the server sent before the connection ended. */
  received: string;
  /** Whether the server closed the connection while the client still had bytes to send. */
  closedEarly: boolean;
}

/**
 * Opens a socket to the server and feeds it `parts` one by one, `pauseMs` apart, until the
 * parts run out or the server closes the connection.
 */
function rawClient(server: RunningServer, parts: Iterable<string | Buffer>, pauseMs: number): Promise<RawOutcome> {
  const { port } = new URL(server.url);
  return new Promise((resolve) => {
    const socket: Socket = connect(Number(port), '127.0.0.1');
    let received = '';
    let done = false;
    let sending = true;
    const finish = () => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ received, closedEarly: sending });
    };
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('close', finish);
    socket.on('error', finish);
    socket.on('connect', async () => {
      for (const part of parts) {
        if (done) return;
        if (!socket.write(part)) await new Promise((next) => socket.once('drain', next));
        if (pauseMs > 0) await new Promise((next) => setTimeout(next, pauseMs));
      }
      sending = false;
      // Whatever the server answers, it has had the whole request: give it a moment to end the exchange.
      socket.end();
      setTimeout(finish, 5_000).unref();
    });
  });
}

const statusOf = (received: string): number | undefined => Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1]) || undefined;

async function stillServes(server: RunningServer): Promise<void> {
  const response = await post(server, '?preset=og', JSON.stringify(GOOD));
  assert.is(response.status, 200, 'the server goes on serving');
  await response.arrayBuffer();
}

const hostile = suite<{ server: RunningServer }>('hostile requests');

hostile.before(async (context) => {
  context.server = await startServer({ port: 0, service: { headerTimeout: 1, bodyTimeout: 2 } });
});

hostile.after(async ({ server }) => server.close());

hostile('a media path is refused with the same words whether it exists, is a folder or is missing', async ({ server }) => {
  const probes = [
    'test/fixtures/media/map.png',
    join(REPO, 'test/fixtures/media/map.png'),
    'docs/serve-page.png',
    'src',
    '/etc/passwd',
    '/etc/shadow',
    'no-such-file.png',
    '../../../../etc/hostname',
    'test/fixtures/media',
    '/proc/self/environ',
    'file:///etc/passwd',
  ];
  const messages = new Set<string>();
  for (const src of probes) {
    for (const place of ['event', 'photo'] as const) {
      const response = await post(server, '?preset=og', withMedia(src, place));
      assert.is(response.status, 400, src);
      const body = (await response.json()) as { error: string; message: string; file: string };
      assert.is(body.error, 'bad-input', src);
      assert.is(body.file, '<request>', src);
      assert.ok(body.message.startsWith('<request>: '), body.message);
      assert.not.match(body.message, /no such file|EISDIR|EACCES|ENOENT|neither|directory|permission/i, src);
      if (!src.startsWith('file:')) messages.add(body.message.replace(/events\[0\]\.media\.src|photo\.src/g, '<place>'));
    }
  }
  assert.equal(
    [...messages],
    [
      '<request>: <place>: Invalid value for <place>. Allowed: a data: URI of a PNG or JPEG image; media sent to the server come inline, and it reads no files for a request. Received: a path.',
    ],
  );
  await stillServes(server);
});

hostile("a TimelineJS body's media paths are skipped in the same words whether they exist or not", async ({ server }) => {
  const sheet = JSON.parse(readFileSync(join(REPO, fixture('inputs/timelinejs.json')), 'utf8')) as {
    events: Array<{ media?: { url: string } }>;
  };
  const warningsFor = async (url: string) => {
    const body = structuredClone(sheet);
    body.events[0]!.media = { url };
    const response = await post(server, '?preset=og', JSON.stringify(body));
    assert.is(response.status, 200, url);
    return (JSON.parse(response.headers.get('x-warnings') ?? '[]') as string[])
      .map((w) => w.replace(JSON.stringify(url), '<url>'))
      .join('\n');
  };
  // Each pair is one path that exists on the server and one of the same form that does not.
  for (const [there, missing] of [
    ['test/fixtures/media/map.png', 'test/no-such/map.png'],
    ['src', 'no-such-folder'],
    [join(REPO, 'test/fixtures/media/map.png'), '/no/such/map.png'],
    ['/etc/passwd', '/etc/no-such-file'],
  ]) {
    const warnings = await warningsFor(there!);
    assert.match(warnings, 'skipped', there);
    assert.is(await warningsFor(missing!), warnings, `${there} and ${missing}`);
  }
});

hostile('a theme or template named in the query is refused before the body is read', async ({ server }) => {
  for (const query of ['?theme=test/fixtures/themes/dark.json', '?template=/etc/passwd', '?theme=no-such.json']) {
    const response = await post(server, query, JSON.stringify(GOOD));
    assert.is(response.status, 400, query);
    const { message } = (await response.json()) as { message: string };
    assert.match(message, /^A request cannot choose the (theme|template): /, query);
    assert.not.match(message, /no such|exist|EISDIR|ENOENT/i, query);
  }
});

hostile("paths of the page's own routes cannot climb out: each is a plain 404", async ({ server }) => {
  for (const path of [
    'files/..%2F..%2Fpackage.json/x',
    'files/%2e%2e/package.json',
    'timeline/..%2Fpackage.json',
    '..%2F..%2Fetc%2Fpasswd',
    'render/../../etc/passwd',
  ]) {
    const response = await fetch(`${server.url}${path}`);
    assert.ok([404, 405].includes(response.status), `${path}: ${response.status}`);
    assert.not.match(await response.text(), /root:|"name": "timeline-render"/, path);
  }
  const served = await fetch(`${server.url}render?src=${encodeURIComponent('../package.json')}`);
  assert.is(served.status, 404, 'GET /render?src= looks a name up among the served timelines, never on the disk');
});

hostile('inline PNG and JPEG data URIs are drawn as the CLI draws the same files', async ({ server }) => {
  const inline = structuredClone(MEDIA);
  inline.photo.src = dataUri(MEDIA.photo.src, 'image/jpeg');
  inline.events[0]!.media!.src = dataUri(MEDIA.events[0]!.media!.src, 'image/png');
  const response = await post(server, '?preset=tall&scale=1', JSON.stringify(inline));
  assert.is(response.status, 200, await response.clone().text());
  const api = PNG.sync.read(Buffer.from(await response.arrayBuffer()));
  await withTempDir((dir) => {
    const cli = spawnSync(
      process.execPath,
      ['bin/timeline-render.js', fixture('media.json'), '--out', dir, '--format', 'png', '--scale', '1'],
      { cwd: REPO, encoding: 'utf8' },
    );
    assert.is(cli.status, 0, cli.stderr);
    const files = PNG.sync.read(readFileSync(join(dir, 'media.png')));
    assert.equal([api.width, api.height], [files.width, files.height]);
    assert.is(pixelmatch(api.data, files.data, undefined, api.width, api.height, { threshold: 0.1 }), 0);
  });
  const plain = structuredClone(inline);
  delete (plain as { photo?: unknown }).photo;
  delete plain.events[0]!.media;
  const without = PNG.sync.read(Buffer.from(await (await post(server, '?preset=tall&scale=1', JSON.stringify(plain))).arrayBuffer()));
  assert.not.equal([without.width, without.height], [api.width, api.height], 'the images take room: they were drawn');
});

hostile('a data URI that is not a PNG or JPEG is refused, naming the field', async ({ server }) => {
  for (const src of [
    'data:image/svg+xml;base64,' +
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><image href="/etc/passwd"/></svg>').toString('base64'),
    'data:image/png;base64,' + Buffer.from('not a png at all').toString('base64'),
    'data:text/plain,hello',
    'data:image/png,%89PNG',
  ]) {
    const response = await post(server, '?preset=og', withMedia(src));
    assert.is(response.status, 400, src);
    const { message } = (await response.json()) as { message: string };
    assert.match(message, '<request>: events[0].media.src: ', src);
    assert.match(message, 'PNG or JPEG', src);
    assert.ok(message.length < 400, 'a long data URI is not echoed back');
  }
});

hostile('a PNG of a few KB that claims 60,000 x 60,000 px is refused before anything decodes it', async ({ server }) => {
  const bomb = hugePng(60_000, 60_000);
  assert.ok(bomb.length < 64 * 1024, `${bomb.length} bytes`);
  const response = await post(server, '?preset=tall', withMedia(`data:image/png;base64,${bomb.toString('base64')}`));
  assert.is(response.status, 400);
  const { message } = (await response.json()) as { message: string };
  assert.match(
    message,
    '<request>: events[0].media.src: The image in events[0].media.src is 60000 x 60000 px, over the limit of 40,000,000 pixels.',
  );
  await stillServes(server);
});

hostile('a slow-loris client sending its headers a byte at a time is cut off with 408', async ({ server }) => {
  // 600 bytes a quarter-second apart would take 150 s: the header timeout is 1 s.
  const request = `POST /render HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-Padding: ${'x'.repeat(500)}\r\n\r\n`;
  const outcome = await rawClient(server, request, 250);
  assert.ok(outcome.closedEarly, 'the server closed the connection while the client was still sending');
  assert.is(statusOf(outcome.received), 408, outcome.received);
  await stillServes(server);
});

hostile('a body sent a byte at a time is cut off with 408 once the body timeout passes', async ({ server }) => {
  const body = JSON.stringify(GOOD);
  const head = `POST /render?preset=og HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${body.length}\r\n\r\n`;
  const logged: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => {
    logged.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    const outcome = await rawClient(server, [head, ...body], 250);
    assert.ok(outcome.closedEarly, 'the server closed the connection while the body was still coming');
    assert.is(statusOf(outcome.received), 408, outcome.received);
  } finally {
    process.stderr.write = write;
  }
  assert.not.match(logged.join(''), 'internal error', 'a client cut off is not a bug of ours');
  await stillServes(server);
});

hostile('a body that claims 1 KB and sends 30 MB gets one answer, then a closed connection', async ({ server }) => {
  const head = 'POST /render?preset=og HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1024\r\n\r\n';
  const megabyte = Buffer.alloc(1024 * 1024, 'A');
  const outcome = await rawClient(server, [head, ...Array.from({ length: 30 }, () => megabyte)], 0);
  assert.is(statusOf(outcome.received), 400, 'the first 1 KB is read as the body, and is not a timeline');
  assert.ok(outcome.closedEarly, 'the rest is not taken for more requests: the connection is closed');
  const answers = outcome.received.match(/^HTTP\/1\.1 \d{3}/gm) ?? [];
  assert.ok(answers.length <= 2, `at most the answer and the parser's refusal: ${answers.join(', ')}`);
  await stillServes(server);
});

hostile('10,000 query parameters get 431, and the server goes on', async ({ server }) => {
  const query = Array.from({ length: 10_000 }, (_, i) => `p${i}=1`).join('&');
  const response = await post(server, `?${query}`, JSON.stringify(GOOD)).catch(() => undefined);
  // The request line is past Node's 16 KB header bound: an answer of 431 then a closed connection.
  if (response) assert.is(response.status, 431);
  await stillServes(server);
});

hostile('2,000 unknown query parameters get a 400 that names a few of them and lists the allowed ones', async ({ server }) => {
  const query = Array.from({ length: 2000 }, (_, i) => `p${i}=`).join('&');
  const response = await post(server, `?preset=og&${query}`, JSON.stringify(GOOD));
  assert.is(response.status, 400);
  const { message } = (await response.json()) as { message: string };
  assert.match(message, /^Unknown parameters "p0", "p1", .*"p9" and 1990 more\. Allowed: .*\bpreset\b/);
  assert.ok(message.length < 1000, `${message.length} characters`);
  await stillServes(server);
});

hostile('a request closed mid-render frees its worker, and the next is served', async ({ server }) => {
  const health = async () => (await fetch(`${server.url}health`)).json() as Promise<{ running: number; cancelled: number }>;
  const before = await health();
  const body = JSON.stringify(syntheticTimeline(120));
  const head = `POST /render?preset=tall HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
  const { port } = new URL(server.url);
  const socket = connect(Number(port), '127.0.0.1');
  socket.on('error', () => undefined);
  socket.write(head + body);
  for (let tries = 0; (await health()).running === 0 && tries < 200; tries++) await new Promise((next) => setTimeout(next, 50));
  socket.destroy();
  for (let tries = 0; (await health()).cancelled === before.cancelled && tries < 200; tries++)
    await new Promise((next) => setTimeout(next, 50));
  assert.is((await health()).cancelled, before.cancelled + 1, 'the render was cancelled');
  await stillServes(server);
});

hostile.run();

const limits = suite('render time and connection limits');

limits('a render over --render-timeout is stopped and answered 503 with Retry-After', async () => {
  const server = await startServer({ port: 0, workers: 1, service: { renderTimeout: 1 } });
  try {
    // 120 events at 2x (138 MP) take seconds to draw even with every card's layout cached; 200 at 3x is over
    // --max-pixels and was refused (400) inside the second once an earlier test had cached its layout.
    const response = await post(server, '?preset=tall&scale=2', JSON.stringify(syntheticTimeline(120)));
    assert.is(response.status, 503);
    assert.ok(Number(response.headers.get('retry-after')) >= 1);
    const { error, message } = (await response.json()) as { error: string; message: string };
    assert.is(error, 'busy');
    assert.match(message, 'The render took over 1 s (--render-timeout) and was stopped.');
    // The worker gives the render up at its next card or band; the time limit counts a wait in the queue too.
    for (let tries = 0; tries < 600; tries++) {
      const { running } = (await (await fetch(`${server.url}health`)).json()) as { running: number };
      if (running === 0) break;
      await new Promise((next) => setTimeout(next, 100));
    }
    await stillServes(server);
  } finally {
    await server.close();
  }
});

limits('a reel has --reel-timeout in place of --render-timeout: stopped past its own limit, made within it', async () => {
  const body = JSON.stringify(syntheticTimeline(3, 7));
  const strict = await startServer({ port: 0, workers: 1, service: { renderTimeout: 600, reelTimeout: 1 } });
  try {
    // A 15 s reel is 450 frames: seconds of encoding.
    const response = await post(strict, '?preset=reel', body);
    assert.is(response.status, 503);
    assert.match(((await response.json()) as { message: string }).message, 'The render took over 1 s (--reel-timeout) and was stopped.');
  } finally {
    await strict.close();
  }
  const roomy = await startServer({ port: 0, workers: 1, service: { renderTimeout: 1, reelTimeout: 600 } });
  try {
    const reel = await post(roomy, '?preset=reel', body);
    assert.is(reel.status, 200, 'past --render-timeout, within --reel-timeout');
    assert.is(reel.headers.get('content-type'), 'video/mp4');
    assert.ok((await reel.arrayBuffer()).byteLength > 10_000);
  } finally {
    await roomy.close();
  }
});

limits('the header and body timeouts bound receiving a request, not rendering it', async () => {
  const server = await startServer({ port: 0, service: { headerTimeout: 1, bodyTimeout: 1 } });
  try {
    // A 120-event tall PNG takes seconds, well past both timeouts.
    const response = await post(server, '?preset=tall', JSON.stringify(syntheticTimeline(120)));
    assert.is(response.status, 200);
    assert.ok((await response.arrayBuffer()).byteLength > 100_000);
  } finally {
    await server.close();
  }
});

limits('connections past --max-connections are closed as they come; those within are served', async () => {
  const server = await startServer({ port: 0, service: { maxConnections: 3 } });
  const { port } = new URL(server.url);
  const open = (): Promise<Socket> =>
    new Promise((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => resolve(socket));
      socket.on('error', () => undefined);
    });
  try {
    const held = await Promise.all([open(), open(), open()]);
    const extra = await open();
    const closed = await new Promise<boolean>((resolve) => {
      extra.once('close', () => resolve(true));
      extra.write('GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n');
    });
    assert.ok(closed, 'the fourth connection was closed');
    for (const socket of held) socket.destroy();
    await new Promise((next) => setTimeout(next, 100));
    assert.is((await fetch(`${server.url}health`)).status, 200, 'a connection within the cap is served');
  } finally {
    await server.close();
  }
});

limits.run();
