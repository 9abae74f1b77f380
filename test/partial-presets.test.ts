import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_FILE, runCli, withTempDir } from './helpers.ts';

test('--preset all with a carousel over --max-slides writes every other file, names the carousel on stderr and exits 1', async () => {
  await withTempDir(async (dir) => {
    const run = runCli([DATA_FILE, '--out', dir, '--preset', 'all', '--format', 'png,pdf', '--max-slides', '3']);
    assert.is(run.status, 1, run.stderr);
    const written = readdirSync(dir);
    for (const name of [
      'syria-timeline.png',
      'syria-timeline.alt.txt',
      'syria-timeline.og.png',
      'syria-timeline.x.png',
      'syria-timeline.story-01.png',
      'syria-timeline.pdf',
    ]) {
      assert.ok(written.includes(name), `${name} written: ${written.join(' ')}`);
    }
    assert.not.ok(
      written.some((name) => name.includes('instagram')),
      'no slide of the carousel that could not be made',
    );
    const lines = run.stderr.trim().split('\n');
    assert.match(lines[0]!, new RegExp(`^${DATA_FILE}: The Instagram carousel needs \\d+ slides, over the limit of 3 .*--max-slides`));
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
