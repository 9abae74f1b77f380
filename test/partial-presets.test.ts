import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_FILE, runCli, withTempDir } from './helpers.ts';

// A carousel over --max-slides is now posted as a series (series.test.ts): the pixel limit is the part that still fails alone.
test('--preset all with the tall image over --max-pixels writes every other file, names the tall image on stderr and exits 1', async () => {
  await withTempDir(async (dir) => {
    // Over a story frame's 1080 x 1920 px, under the tall image's 2160 px width by its height.
    const run = runCli([DATA_FILE, '--out', dir, '--preset', 'all', '--format', 'png,pdf', '--max-pixels', '2100000']);
    assert.is(run.status, 1, run.stderr);
    const written = readdirSync(dir);
    for (const name of [
      'syria-timeline.og.png',
      'syria-timeline.x.png',
      'syria-timeline.instagram-01.png',
      'syria-timeline.story-01.png',
      'syria-timeline.linkedin.pdf',
      'syria-timeline.reel.mp4',
      'syria-timeline.pdf',
    ]) {
      assert.ok(written.includes(name), `${name} written: ${written.join(' ')}`);
    }
    assert.not.ok(written.includes('syria-timeline.png'), 'no tall image that could not be made');
    assert.not.ok(written.includes('syria-timeline.alt.txt'), 'nor its alt text');
    const lines = run.stderr.trim().split('\n');
    assert.match(lines[0]!, new RegExp(`^${DATA_FILE}: The tall image would be 2160 x \\d+ px .*--max-pixels`));
    assert.match(run.stderr, `The other ${written.length} files were written to ${dir}.`);
  });
});

test('the carousel may have 20 slides unless told otherwise: one of more than 10 is made with no option', async () => {
  await withTempDir(async (dir) => {
    const events = Array.from({ length: 26 }, (_, i) => ({
      date: `${['January', 'April', 'July', 'October'][i % 4]} ${2000 + Math.floor(i / 4)}`,
      actor: 'A',
      text: `Event ${i + 1}: ${'a sentence long enough to fill the card with words '.repeat(3)}`,
    }));
    const input = join(dir, 'long.json');
    writeFileSync(input, JSON.stringify({ title: 'Long', actors: [{ id: 'A', color: '#1f5a96' }], events }));
    const run = runCli([input, '--out', dir, '--preset', 'instagram', '--format', 'png']);
    assert.is(run.status, 0, run.stderr);
    const slides = readdirSync(dir).filter((name) => /^long\.instagram-\d\d\.png$/.test(name));
    assert.ok(slides.length > 10 && slides.length <= 20, `${slides.length} slides`);
  });
});

test.run();
