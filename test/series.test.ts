import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticTimeline } from '../scripts/generate-timeline.ts';
import { loadTimeline } from '../src/load/index.ts';
import { presetImages } from '../src/layout/presets.ts';
import type { Scene } from '../src/layout/scene.ts';
import { DEFAULT_THEME } from '../src/model/theme.ts';
import { eventLine } from '../src/render/alt.ts';
import { renderPng } from '../src/render/png.ts';
import { verticalTemplate } from '../templates/vertical.tsx';
import { runCli, withTempDir } from './helpers.ts';

/**
 * A timeline too long for one Instagram post or one 60 s reel is made as a series: "Part 1 of 2"
 * carousels and reels, each within the platform's limit, every event in exactly one part.
 */

const eventsOf = (scene: Scene) => scene.layers.flatMap((l) => (l.role === 'event' && l.eventIndex !== undefined ? [l.eventIndex] : []));

/** The words tesseract reads in a PNG, upper-cased and with runs of space made one. */
function ocr(png: Buffer, dir: string): string {
  const file = join(dir, 'ocr.png');
  writeFileSync(file, png);
  return execFileSync('tesseract', [file, 'stdout'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    .toUpperCase()
    .replace(/\s+/g, ' ');
}

test('40 events at --max-slides 20 make 2 carousels of at most 20 slides, each opening with a cover that shows its part, each event on one slide', () =>
  withTempDir(async (dir) => {
    const input = join(dir, 'forty.json');
    writeFileSync(input, JSON.stringify(syntheticTimeline(40)));
    const { timeline } = await loadTimeline(input);
    const warnings: string[] = [];
    const options = {
      template: verticalTemplate,
      theme: DEFAULT_THEME,
      scale: 1,
      maxSlides: 20,
      onWarning: (m: string) => warnings.push(m),
    };
    const images = await presetImages('instagram', timeline, options);
    const parts = [1, 2].map((index) => images.filter((image) => image.part?.index === index));
    assert.equal(
      images.map((image) => image.part?.count),
      images.map(() => 2),
      'every slide is of a series of 2',
    );
    assert.is(parts[0]!.length + parts[1]!.length, images.length);
    assert.match(
      warnings.join('\n'),
      /^warning: The Instagram carousel needs \d+ slides: written as 2 carousels of \d+( and \d+)? \(at most 20 slides a post\)/,
    );
    const shown = images.flatMap((image) => eventsOf(image.scene)).sort((a, b) => a - b);
    assert.equal(shown, [...timeline.events.keys()], 'each event on exactly one slide');
    for (const [i, part] of parts.entries()) {
      assert.ok(part.length >= 2 && part.length <= 20, `part ${i + 1}: ${part.length} slides`);
      assert.equal(
        part.map((image) => image.suffix),
        part.map((_, n) => `.instagram-${i + 1}-${String(n + 1).padStart(2, '0')}.png`),
      );
      const [cover, second] = part;
      assert.equal(eventsOf(cover!.scene), [], 'the cover shows no event');
      assert.match(cover!.context.join(' '), `Slide 1 of ${part.length}, part ${i + 1} of 2.`);
      const coverWords = ocr(await renderPng(cover!.scene, cover!.zoom), dir);
      assert.ok(new RegExp(`PART ${i + 1} OF 2\\W+1/${part.length}\\b`).test(coverWords), coverWords);
      const secondWords = ocr(await renderPng(second!.scene, second!.zoom * 2), dir);
      assert.ok(new RegExp(`\\b2/${part.length}\\b`).test(secondWords), `event slides are numbered within their part: ${secondWords}`);
    }
    // The two parts are balanced: they differ by one slide at most.
    assert.ok(Math.abs(parts[0]!.length - parts[1]!.length) <= 1);
    const single = await presetImages('instagram', timeline, { ...options, maxSlides: 99 });
    assert.ok(
      single.every((image) => image.part === undefined && /^\.instagram-\d\d\.png$/.test(image.suffix)),
      'one carousel keeps its plain names',
    );
  }));

test('a carousel too long even for a series of 3 posts is refused, naming the --max-slides that would do', () =>
  withTempDir(async (dir) => {
    const input = join(dir, 'forty.json');
    writeFileSync(input, JSON.stringify(syntheticTimeline(40)));
    const { timeline } = await loadTimeline(input);
    const options = { template: verticalTemplate, theme: DEFAULT_THEME, scale: 1, maxSlides: 3 };
    const error = await presetImages('instagram', timeline, options).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    assert.ok(error, 'refused');
    const [, needed] = /needs (\d+) slides/.exec(error.message)!;
    assert.match(
      error.message,
      `over the limit of 3 (Instagram allows 20) even as a series of 3 posts. Raise it with --max-slides ${Math.ceil((Number(needed) - 1) / 3) + 1}`,
    );
    const raised = await presetImages('instagram', timeline, { ...options, maxSlides: Math.ceil((Number(needed) - 1) / 3) + 1 });
    assert.ok(raised.every((image) => (image.part?.count ?? 1) <= 3));
  }));

test('hundred-years-war-groups.json (40 events) with --preset all --format png,pdf: exit 0, carousels and reels in parts, each within its limit, every event in one part', () =>
  withTempDir(async (dir) => {
    const file = 'test/fixtures/real/timelinejs/hundred-years-war-groups.json';
    const result = runCli([file, '--preset', 'all', '--format', 'png,pdf', '--out', dir, '--name', 'war']);
    assert.is(result.status, 0, result.stderr);
    assert.match(
      result.stderr,
      `${file}: warning: The Instagram carousel needs 38 slides: written as 2 carousels of 20 and 19 (at most 20 slides a post)`,
    );
    assert.match(
      result.stderr,
      /warning: The reel's 38 frames would run over the 60 s a reel may last: written as 2 reels of \d+ s and \d+ s/,
    );
    const written = readdirSync(dir);
    const { timeline } = await loadTimeline(file);
    const lines = timeline.events.map((_, i) => eventLine(timeline, i));

    const slides = written.filter((name) => /^war\.instagram-\d-\d\d\.alt\.txt$/.test(name)).sort();
    assert.not.ok(
      written.some((name) => /^war\.instagram-\d\d\./.test(name)),
      'no slide outside the series',
    );
    for (const part of [1, 2]) {
      const count = slides.filter((name) => name.startsWith(`war.instagram-${part}-`)).length;
      assert.ok(count >= 2 && count <= 20, `carousel ${part}: ${count} slides`);
      assert.match(readFileSync(join(dir, `war.instagram-${part}-01.alt.txt`), 'utf8'), `Slide 1 of ${count}, part ${part} of 2.`);
    }
    const slideTexts = slides.map((name) => readFileSync(join(dir, name), 'utf8'));
    for (const [i, line] of lines.entries()) {
      assert.is(slideTexts.filter((text) => text.includes(line)).length, 1, `events[${i}] on exactly one slide`);
    }

    assert.not.ok(written.includes('war.reel.mp4'), 'no reel outside the series');
    const captions: string[] = [];
    for (const part of [1, 2]) {
      const video = join(dir, `war.reel-${part}.mp4`);
      const duration = Number(
        execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', video], { encoding: 'utf8' }),
      );
      assert.ok(duration >= 15 && duration <= 60.05, `reel ${part}: ${duration} s`);
      const srt = readFileSync(join(dir, `war.reel-${part}.srt`), 'utf8');
      assert.match(srt, `(part ${part} of 2)`, 'the cover caption names the part');
      captions.push(srt.replace(/\s*\n\s*/g, ' '));
      assert.match(readFileSync(join(dir, `war.reel-${part}.alt.txt`), 'utf8'), `, part ${part} of 2.`);
    }
    for (const [i, line] of lines.entries()) {
      const words = line.replace(/\s*\n\s*/g, ' ');
      assert.is(captions.filter((srt) => srt.includes(words)).length, 1, `events[${i}] captioned in exactly one reel`);
    }
    assert.ok(written.includes('war.png') && written.includes('war.pdf') && written.includes('war.linkedin.pdf'));
  }));

test.run();
