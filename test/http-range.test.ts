import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { byteRange, etagOf, sendFile } from '../src/serve/http.ts';

// A stand-in for a reel: what matters is that every byte comes back where it belongs.
const BYTES = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7) % 251);
const FILE = { bytes: BYTES, type: 'video/mp4', etag: etagOf(BYTES) };

async function withServer(run: (url: string) => Promise<void>): Promise<void> {
  const server: Server = createServer((req, res) => sendFile(req, res, FILE));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}/clip.mp4`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

test('a player asking for byte ranges (as Safari does for video) gets each part, with Content-Range', () =>
  withServer(async (url) => {
    const whole = await fetch(url);
    assert.is(whole.status, 200);
    assert.is(whole.headers.get('accept-ranges'), 'bytes');
    for (const [range, start, end] of [
      ['bytes=0-1', 0, 1],
      ['bytes=100-', 100, 9999],
      ['bytes=-500', 9500, 9999],
      ['bytes=9000-20000', 9000, 9999],
    ] as const) {
      const part = await fetch(url, { headers: { range } });
      assert.is(part.status, 206, range);
      assert.is(part.headers.get('content-range'), `bytes ${start}-${end}/10000`, range);
      assert.is(part.headers.get('content-type'), 'video/mp4');
      assert.equal(new Uint8Array(await part.arrayBuffer()), BYTES.subarray(start, end + 1), range);
    }
  }));

test('a range past the end is refused with 416; an old If-Range tag or a malformed range gets the whole file', () =>
  withServer(async (url) => {
    const past = await fetch(url, { headers: { range: 'bytes=10000-' } });
    assert.is(past.status, 416);
    assert.is(past.headers.get('content-range'), 'bytes */10000');
    const stale = await fetch(url, { headers: { range: 'bytes=0-9', 'if-range': '"an-older-render"' } });
    assert.is(stale.status, 200);
    assert.is((await stale.arrayBuffer()).byteLength, 10_000);
    const fresh = await fetch(url, { headers: { range: 'bytes=0-9', 'if-range': FILE.etag } });
    assert.is(fresh.status, 206);
    for (const range of ['bytes=5-2', 'items=0-9', 'bytes=0-1,5-6']) {
      const answer = await fetch(url, { headers: { range } });
      assert.is(answer.status, 200, range);
      assert.is((await answer.arrayBuffer()).byteLength, 10_000, range);
    }
  }));

test('byteRange reads the three forms and clamps the end to the file', () => {
  assert.equal(byteRange('bytes=0-0', 10), { start: 0, end: 0 });
  assert.equal(byteRange('bytes=-20', 10), { start: 0, end: 9 });
  assert.is(byteRange('bytes=-0', 10), 'unsatisfiable');
  assert.is(byteRange(undefined, 10), undefined);
  assert.is(byteRange('bytes=-', 10), undefined);
});

test.run();
