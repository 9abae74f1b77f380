import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkerPool, type WorkerReply } from '../src/batch/pool.ts';
import type { RenderJob } from '../src/job.ts';
import { PreviewStore, type PreviewEntry } from '../src/serve/preview.ts';
import { timelineSection } from '../src/serve/page.ts';
import { syntheticTimeline } from '../scripts/generate-timeline.ts';
import { fixture, REPO, withTempDir } from './helpers.ts';

/** A pool that remembers how each job ended. */
class RecordingPool extends WorkerPool {
  readonly replies: WorkerReply[] = [];

  override async run(job: RenderJob, options?: Parameters<WorkerPool['run']>[1]): Promise<WorkerReply> {
    const reply = await super.run(job, options);
    this.replies.push(reply);
    return reply;
  }
}

/** Resolves with the entry once `ready` holds for it. */
const when = (store: PreviewStore, ready: (entry: PreviewEntry) => boolean) =>
  new Promise<PreviewEntry>((resolve) => {
    const stop = store.onChange((entry) => {
      if (ready(entry)) {
        stop();
        resolve(entry);
      }
    });
  });

test('a save while parts still render cancels them; every part then shows the new save', () =>
  withTempDir(async (dir) => {
    const file = join(dir, 'big.json');
    writeFileSync(file, JSON.stringify(syntheticTimeline(120), null, 2));
    const pool = new RecordingPool({ size: 2 });
    const store = new PreviewStore(pool);
    try {
      const firstScreen = when(store, (entry) => entry.parts.screen !== undefined);
      await store.serve([dir]);
      const entry = await firstScreen;
      // The cuts, the 2x image and the PDF of 120 events are still rendering: the save makes them stale.
      assert.ok(entry.running.size > 0, 'parts still rendering');
      // 120 events need more Instagram slides than the preview allows, and a longer reel than 60 s: those two alone stay errors.
      const shown = ['screen', 'social', 'tall', 'print'] as const;
      const done = when(store, (e) => e.running.size === 0 && e.goodRevision === 2 && shown.every((p) => e.parts[p]));
      writeFileSync(file, readFileSync(file, 'utf8').replace('"title": "', '"title": "Saved again: '));
      const saved = await done;
      assert.ok(
        pool.replies.some((r) => !r.ok && r.cancelled),
        'a render of the first revision was cancelled',
      );
      assert.equal(Object.keys(saved.errors).sort(), ['carousel', 'reel'], 'a cancelled render is not an error');
      assert.match(saved.errors.carousel!.message, 'Instagram carousel needs');
      assert.match(saved.errors.reel!.message, 'over the 60 s a reel may last');
      assert.ok(saved.title?.startsWith('Saved again: '));
      for (const part of ['screen', 'social', 'tall'] as const) {
        const alt = saved.parts[part]!.find((f) => f.name.endsWith('.alt.txt'))!;
        assert.match(alt.bytes.toString(), 'Saved again: ', `${part} is of the new save`);
      }
    } finally {
      store.close();
      await pool.close();
    }
  }));

const entryWith = (errors: PreviewEntry['errors']): PreviewEntry => ({
  id: 'big',
  file: '/data/big.json',
  title: 'Big',
  parts: {},
  errors,
  revision: 2,
  goodRevision: 2,
  running: new Map(),
  stale: new Set(),
});

/** A pool that renders nothing: it counts the jobs of each file, for tests of when the store renders. */
class CountingPool extends WorkerPool {
  readonly jobs: string[] = [];

  override async run(job: RenderJob): Promise<WorkerReply> {
    this.jobs.push(job.input);
    return { ok: true, result: { title: 'counted', written: [], files: [], warnings: [] } };
  }
}

test('replacing an image a served file names renders the file again; another image in its folder does not', () =>
  withTempDir(async (dir) => {
    const file = join(dir, 'media.json');
    copyFileSync(join(REPO, fixture('media.json')), file);
    cpSync(join(REPO, fixture('media')), join(dir, 'media'), { recursive: true });
    const pool = new CountingPool({ size: 1 });
    const store = new PreviewStore(pool);
    const settled = async (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    try {
      await store.serve([dir]);
      await settled(500);
      const first = pool.jobs.length;
      assert.ok(first > 0, 'rendered once at the start');
      writeFileSync(join(dir, 'media', 'unrelated.png'), 'not named by the timeline');
      await settled(500);
      assert.is(pool.jobs.length, first, 'an image nobody names changes nothing');
      const map = join(dir, 'media', 'map.png');
      writeFileSync(map, readFileSync(map));
      for (let tries = 0; tries < 50 && pool.jobs.length === first; tries++) await settled(100);
      assert.is(pool.jobs.length, 2 * first, 'every part rendered again');
      assert.is(store.entries.get('media')!.revision, 2);
    } finally {
      store.close();
      await pool.close();
    }
  }));

test("a part's own error shows in its place, and the file's error once above all", () => {
  const carousel = timelineSection(entryWith({ carousel: { message: 'The Instagram carousel needs 58 slides', revision: 2 } }));
  assert.not.match(carousel, 'role="alert"', 'no banner: the file is fine');
  assert.match(carousel, /<h3>Social cuts<\/h3><div class="error part"><pre>The Instagram carousel needs 58 slides/);
  assert.not.match(carousel, 'status failed');
  const broken = timelineSection(
    entryWith({
      screen: { message: 'big.json: events[0].actor: Invalid value', revision: 2 },
      carousel: { message: 'big.json: events[0].actor: Invalid value', revision: 2 },
    }),
  );
  assert.match(broken, /role="alert"><strong>The file has an error/);
  assert.is(broken.split('Invalid value').length - 1, 1, 'the message is shown once');
  assert.match(broken, 'status failed');
});

test.run();
