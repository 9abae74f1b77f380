import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { QueueFullError, WorkerPool } from '../src/batch/pool.ts';
import type { RenderJob } from '../src/job.ts';
import { fixture } from './helpers.ts';

const job = (overrides: Partial<RenderJob> = {}): RenderJob => ({
  input: fixture('good.json'), formats: ['png'], presets: ['og'], keepOrder: false, scale: 1, maxSlides: 10,
  bleed: 0, cropMarks: false, cmyk: false, profile: false, ...overrides,
});

test('a job without an output folder comes back as bytes', async () => {
  const pool = new WorkerPool({ size: 1 });
  try {
    const reply = await pool.run(job());
    assert.ok(reply.ok);
    if (!reply.ok) return;
    assert.equal(reply.result.files!.map((f) => f.name), ['good.og.png', 'good.og.alt.txt']);
    assert.ok(Buffer.isBuffer(reply.result.files![0]!.bytes));
    assert.is(reply.result.written.length, 0);
  } finally {
    await pool.close();
  }
});

test('bad input keeps its file and places across the thread', async () => {
  const pool = new WorkerPool({ size: 1 });
  try {
    const reply = await pool.run(job({ input: fixture('bad/unknown-actor.json') }));
    assert.not.ok(reply.ok);
    if (reply.ok) return;
    assert.is(reply.exitCode, 1);
    assert.is(reply.file, fixture('bad/unknown-actor.json'));
    assert.ok(reply.diagnostics!.some((d) => /^events\[\d+\]\.actor$/.test(d.place ?? '')));
  } finally {
    await pool.close();
  }
});

test('a thread that dies mid-job is reported as our bug, and the pool goes on', async () => {
  const pool = new WorkerPool({ size: 1 });
  try {
    const lost = await pool.run(job({ template: fixture('templates/exits.tsx') }));
    assert.equal([lost.ok, lost.ok ? 0 : lost.exitCode], [false, 70]);
    assert.match(lost.ok ? '' : lost.message, 'internal error');
    assert.ok((await pool.run(job())).ok, 'the next job renders on a new thread');
  } finally {
    await pool.close();
  }
});

test('a full queue refuses at once, unless the job may wait', async () => {
  const pool = new WorkerPool({ size: 1, maxQueued: 1 });
  try {
    const running = pool.run(job());
    const waiting = pool.run(job());
    let refused: unknown;
    await pool.run(job()).catch((error: unknown) => { refused = error; });
    assert.instance(refused, QueueFullError);
    const patient = pool.run(job(), false);
    assert.ok((await Promise.all([running, waiting, patient])).every((r) => r.ok));
  } finally {
    await pool.close();
  }
});

test.run();
