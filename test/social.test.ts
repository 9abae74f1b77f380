import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { loadTimeline } from '../src/load/index.ts';
import { renderTimeline, PRESET_NAMES, type RenderedFile } from '../src/render/index.ts';
import { renderOptions } from '../src/options/index.ts';
import { presetImages } from '../src/layout/presets.ts';
import { readingOrder, type Scene } from '../src/layout/scene.ts';
import { DEFAULT_THEME } from '../src/model/theme.ts';
import { contrastRatio, textColourPairs, MIN_CONTRAST } from '../src/model/contrast.ts';
import { TimelineError } from '../src/errors.ts';
import { verticalTemplate } from '../templates/vertical.tsx';
import { DATA_FILE, fixture, runCli, withTempDir } from './helpers.ts';
import { readPdf } from './support/pdf.ts';
import { compareWithGolden, pngSize } from './support/png.ts';
import { renderPng } from '../src/render/png.ts';

const loaded = await loadTimeline(DATA_FILE);
const { timeline } = loaded;
// The document carousel and the video are read back in social-video.test.ts; here, the images.
const files = await renderTimeline(
  timeline,
  renderOptions({ presets: PRESET_NAMES.filter((p) => p !== 'linkedin' && p !== 'reel'), formats: ['png'] }),
);
const bySuffix = new Map(files.map((f) => [f.suffix, f.bytes]));
const images = files.filter((f) => f.suffix.endsWith('.png'));
const eventLine = (i: number) => {
  const e = timeline.events[i]!;
  return `${e.date}, ${timeline.actors.find((a) => a.id === e.actor)!.label}: ${e.text}`;
};
const slideFiles = (preset: string): RenderedFile[] => images.filter((f) => f.suffix.startsWith(`.${preset}-`));
const altOf = (image: RenderedFile) => bySuffix.get(image.suffix.replace(/\.png$/, '.alt.txt'))!.toString();

test('--preset all makes og, x, carousel slides and story frames at exactly their sizes', () => {
  assert.equal(pngSize(bySuffix.get('.og.png')!), { width: 1200, height: 630 });
  assert.equal(pngSize(bySuffix.get('.x.png')!), { width: 1600, height: 900 });
  for (const slide of slideFiles('instagram')) assert.equal(pngSize(slide.bytes), { width: 1080, height: 1350 }, slide.suffix);
  for (const frame of slideFiles('story')) assert.equal(pngSize(frame.bytes), { width: 1080, height: 1920 }, frame.suffix);
  assert.is(pngSize(bySuffix.get('.png')!).width, 2160, 'the tall image is still made');
});

test('every image is under 1,000,000 bytes and has its alt text beside it', () => {
  for (const image of images) {
    assert.ok(image.bytes.length < 1_000_000, `${image.suffix} is ${image.bytes.length} bytes`);
    assert.ok(bySuffix.has(image.suffix.replace(/\.png$/, '.alt.txt')), `${image.suffix} has alt text`);
  }
});

for (const preset of ['instagram', 'story']) {
  test(`${preset}: a cover, then every event on exactly one slide, in date order, slides numbered`, () => {
    const slides = slideFiles(preset);
    assert.ok(slides.length >= 3 && slides.length <= 20, `${slides.length} slides`);
    assert.equal(
      slides.map((s) => s.suffix),
      slides.map((_, i) => `.${preset}-${String(i + 1).padStart(2, '0')}.png`),
    );
    const alts = slides.map(altOf);
    alts.forEach((alt, i) => assert.ok(alt.includes(` ${i + 1} of ${slides.length}.`), `slide ${i + 1} says its number`));
    assert.ok(!timeline.events.some((_, i) => alts[0]!.includes(eventLine(i))), 'the cover shows no event');
    const seen: number[] = [];
    for (const alt of alts) {
      for (const i of readingOrder(timeline)) if (alt.includes(eventLine(i))) seen.push(i);
    }
    assert.equal(seen, readingOrder(timeline), 'each event once, in date order');
  });
}

test('the carousel refuses to pass --max-slides even as a series of 3 posts, and says how many slides a post it needs', async () => {
  const options = { template: verticalTemplate, theme: DEFAULT_THEME, scale: 2, maxSlides: 4 };
  try {
    await presetImages('instagram', timeline, options);
    assert.unreachable('a carousel over the cap was made');
  } catch (error) {
    assert.instance(error, TimelineError);
    const needed = slideFiles('instagram').length;
    assert.match((error as Error).message, `needs ${needed} slides, over the limit of 4 (Instagram allows 20) even as a series of 3 posts`);
    // The event slides shared among 3 posts, each with its cover.
    assert.match((error as Error).message, `--max-slides ${Math.ceil((needed - 1) / 3) + 1},`);
  }
});

test('story frames keep the top and bottom 250 px free of text', async () => {
  const options = { template: verticalTemplate, theme: DEFAULT_THEME, scale: 2, maxSlides: 10 };
  for (const frame of await presetImages('story', timeline, options)) {
    for (const layer of frame.scene.layers) {
      for (const m of layer.svg.matchAll(/<text [^>]*?\by="([\d.]+)"[^>]*?\bheight="([\d.]+)"/g)) {
        const baseline = (layer.y + Number(m[1])) * frame.zoom;
        const lineHeight = Number(m[2]) * frame.zoom;
        assert.ok(baseline - lineHeight >= 250 && baseline <= 1920 - 250, `${frame.suffix}: text at ${baseline.toFixed(0)} px`);
      }
    }
  }
});

/** Font sizes of the text of a scene's layers of these roles, as drawn on the frame in device pixels, with how many words are set in each. */
function drawnSizes(scene: Scene, zoom: number, roles: readonly string[]): Map<number, number> {
  const sizes = new Map<number, number>();
  for (const layer of scene.layers.filter((l) => roles.includes(l.role))) {
    for (const m of layer.svg.matchAll(/font-size="([\d.]+)"/g)) {
      const size = Math.round(Number(m[1]) * zoom * 10) / 10;
      sizes.set(size, (sizes.get(size) ?? 0) + 1);
    }
  }
  return sizes;
}

for (const preset of ['instagram', 'story'] as const) {
  test(`${preset}: type set for a phone, body at least 40 px on the 1080 px frame, dates and labels at least 28 px`, async () => {
    const options = { template: verticalTemplate, theme: DEFAULT_THEME, scale: 2, maxSlides: 20 };
    const frames = await presetImages(preset, timeline, options);
    for (const frame of frames.slice(1)) {
      const sizes = drawnSizes(frame.scene, frame.zoom, ['event', 'year', 'running-head', 'footer']);
      const body = [...drawnSizes(frame.scene, frame.zoom, ['event'])].sort((a, b) => b[1] - a[1])[0]![0];
      assert.ok(body >= 40, `${frame.suffix}: body ${body} px`);
      assert.ok(Math.min(...sizes.keys()) >= 28, `${frame.suffix}: smallest type ${Math.min(...sizes.keys())} px`);
    }
  });

  test(`${preset}: every slide but the last has content over at least 60% of its safe area, measured on the pixels`, () => {
    const safe = preset === 'story' ? 250 : 0;
    const shares = slideFiles(preset).map((slide) => contentRows(PNG.sync.read(slide.bytes), safe + 66));
    shares
      .slice(0, -1)
      .forEach((share, i) =>
        assert.ok(share >= 0.6, `slide ${i + 1}: ${(share * 100).toFixed(0)}% (all: ${shares.map((s) => (s * 100).toFixed(0)).join(' ')})`),
      );
  });
}

/**
 * The share of the rows between the margins that hold content: a row with ink over 5% of the
 * width; a gap under 80 px between such rows (the space between cards) counts with them.
 */
function contentRows(png: PNG, margin: number): number {
  const background = [...png.data.subarray(0, 3)];
  let covered = 0;
  let last = -1;
  for (let y = margin; y < png.height - margin; y++) {
    let ink = 0;
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      if (
        Math.abs(png.data[i]! - background[0]!) +
          Math.abs(png.data[i + 1]! - background[1]!) +
          Math.abs(png.data[i + 2]! - background[2]!) >
        12
      )
        ink++;
    }
    if (ink <= png.width * 0.05) continue;
    covered += 1 + (last >= 0 && y - last - 1 < 80 ? y - last - 1 : 0);
    last = y;
  }
  return covered / (png.height - 2 * margin);
}

test("an event too long for a slide at phone size sets those slides smaller, with one warning for the carousel and LinkedIn's document, and leaves no event out", async () => {
  await withTempDir((dir) => {
    const file = 'test/fixtures/real/timelinejs/knightlab-republican.json';
    const result = runCli([file, '--out', dir, '--preset', 'instagram,linkedin,story', '--format', 'png']);
    assert.is(result.status, 0, result.stderr);
    const warnings = result.stderr.split('\n').filter((line) => line.includes('is too long for a 1080 x'));
    assert.equal(warnings, [
      `${file}: warning: events[8] is too long for a 1080 x 1350 slide with 40 px type; its slide is set with 36 px type instead, small on a phone. Shorten it for larger type.`,
    ]);
    const slides = readdirSync(dir)
      .filter((name) => /\.instagram-\d\d\.alt\.txt$/.test(name))
      .map((name) => readFileSync(join(dir, name), 'utf8'))
      .join('\n');
    assert.match(slides, 'Gingrich refuses to get personal during South Carolina debate', 'the long event is on a slide');
  });
});

/** The body size of a slide in device pixels: the size most words of its cards are set in upright and regular (dates, labels and headlines are bold); undefined when its cards have no body text. */
function bodySize(scene: Scene, zoom: number): number | undefined {
  const sizes = new Map<number, number>();
  for (const layer of scene.layers.filter((l) => l.role === 'event')) {
    for (const m of layer.svg.matchAll(/<text [^>]*?font-weight="normal" font-style="normal" font-size="([\d.]+)"/g)) {
      const size = Math.round(Number(m[1]) * zoom * 10) / 10;
      sizes.set(size, (sizes.get(size) ?? 0) + 1);
    }
  }
  return [...sizes].sort((a, b) => b[1] - a[1])[0]?.[0];
}

const eventsShown = (scene: Scene) => scene.layers.flatMap((l) => (l.role === 'event' && l.eventIndex !== undefined ? [l.eventIndex] : []));

// Longer real timelines: long and short cards mixed (Houston), one card too long for a slide at 40 px (Republican).
for (const [name, file] of [
  ['the seed', DATA_FILE],
  ['Houston', 'test/fixtures/real/timelinejs/knightlab-houston.json'],
  ['Republican', 'test/fixtures/real/timelinejs/knightlab-republican.json'],
] as const) {
  test(`${name}: every slide and story frame but the last is over 60% full on the pixels, body 40 to 60 px, neighbours at most 12 px apart, only a too-long card's slide smaller`, async () => {
    const { timeline: loadedTimeline } = await loadTimeline(file);
    for (const preset of ['instagram', 'story'] as const) {
      const warnings: string[] = [];
      const options = {
        template: verticalTemplate,
        theme: DEFAULT_THEME,
        scale: 2,
        maxSlides: 20,
        onWarning: (m: string) => warnings.push(m),
      };
      const frames = (await presetImages(preset, loadedTimeline, options)).slice(1);
      const warned = warnings.flatMap((w) => [...w.matchAll(/events\[(\d+)\] is too long/g)].map((m) => Number(m[1])));
      const bodies = frames.map((frame) => bodySize(frame.scene, frame.zoom)!);
      const margin = (preset === 'story' ? 250 : 0) + 66;
      const shares = await Promise.all(
        frames.map(async (frame) => contentRows(PNG.sync.read(await renderPng(frame.scene, frame.zoom)), margin)),
      );
      const figures = `${preset}: shares ${shares.map((s) => (s * 100).toFixed(0)).join(' ')}; body ${bodies.join(' ')}`;
      shares.slice(0, -1).forEach((share, i) => assert.ok(share >= 0.6, `slide ${i + 2}: ${figures}`));
      frames.forEach((frame, i) => {
        const shrunk = bodies[i]! < 40;
        assert.ok(bodies[i]! >= 36 && bodies[i]! <= 60.1, `slide ${i + 2}: ${figures}`);
        if (shrunk) assert.equal(eventsShown(frame.scene), warned, `slide ${i + 2} is smaller for the warned event alone: ${figures}`);
        const next = bodies[i + 1];
        if (!shrunk && next !== undefined && next >= 40)
          assert.ok(Math.abs(next - bodies[i]!) <= 12.1, `slides ${i + 2}, ${i + 3}: ${figures}`);
      });
      assert.is(bodies.filter((b) => b < 40).length, warned.length, figures);
    }
  });
}

test('story frames are plain page colour in their top and bottom 250 px, on the pixels', () => {
  for (const frame of slideFiles('story')) {
    const png = PNG.sync.read(frame.bytes);
    const background = png.data.readUInt32BE(0);
    for (const y of [...Array(250).keys(), ...Array.from({ length: 250 }, (_, i) => png.height - 250 + i)]) {
      for (let x = 0; x < png.width; x++) {
        if (png.data.readUInt32BE((y * png.width + x) * 4) !== background)
          assert.unreachable(`${frame.suffix}: a drawn pixel at ${x},${y}`);
      }
    }
  }
});

test('alt text: the title, then each event shown as "date, actor: text"', () => {
  const tall = bySuffix.get('.alt.txt')!.toString().split('\n');
  assert.is(tall[0], timeline.title);
  assert.is(tall[1], timeline.dek);
  assert.equal(tall.slice(2, -1), readingOrder(timeline).map(eventLine));
  const og = bySuffix.get('.og.alt.txt')!.toString();
  assert.ok(og.startsWith(`${timeline.title}\n${timeline.dek}\n21 events, September 2015 – March 2019.`), og);
});

test('each preset matches its golden image', () => {
  for (const suffix of ['.og.png', '.x.png', '.instagram-01.png', '.instagram-02.png', '.story-01.png', '.story-02.png']) {
    const result = compareWithGolden(bySuffix.get(suffix)!, `test/golden/syria-timeline${suffix}`);
    assert.is(result.sizeMismatch, undefined, `${suffix}: ${result.sizeMismatch}`);
    assert.ok(result.differing <= result.total * 0.0001, `${suffix}: ${result.differing} pixels differ; diff image: ${result.diffPath}`);
  }
});

test('the default theme gives every text colour at least 4.5:1 against its background', () => {
  assert.is(contrastRatio('#000000', '#ffffff').toFixed(1), '21.0');
  assert.ok(contrastRatio('#777777', '#ffffff') < MIN_CONTRAST, '#777 on white fails AA');
  const pairs = textColourPairs(DEFAULT_THEME, timeline.actors);
  assert.ok(pairs.length >= 8);
  for (const { foreground, background, use } of pairs) {
    const ratio = contrastRatio(foreground.color, background.color);
    assert.ok(ratio >= MIN_CONTRAST, `${use}: ${foreground.name} on ${background.name} is ${ratio.toFixed(2)}:1`);
  }
});

test('a theme file that fails contrast is refused, naming the pair, and nothing is written', async () => {
  await withTempDir((dir) => {
    const result = runCli([DATA_FILE, '--out', dir, '--theme', fixture('themes/low-contrast.json')]);
    assert.is(result.status, 1);
    assert.match(result.stderr, 'test/fixtures/themes/low-contrast.json: colors.muted');
    assert.match(result.stderr, 'colors.muted #a8a39a on colors.card #ffffff');
    assert.equal(readdirSync(dir), []);
  });
});

test('a theme file and a theme block in the data change what is drawn', async () => {
  await withTempDir((dir) => {
    const result = runCli([fixture('themed.json'), '--out', dir, '--format', 'png', '--theme', fixture('themes/newsprint.json')]);
    assert.is(result.status, 0, result.stderr);
    const png = PNG.sync.read(readFileSync(join(dir, 'themed.png')));
    const [r, g, b] = png.data.subarray(0, 3);
    assert.equal([r, g, b], [255, 255, 255], 'the --theme page colour wins over the data file and the default');
  });
  const themed = await loadTimeline(fixture('themed.json'));
  assert.is(themed.timeline.theme?.colors?.page, '#fbf8f1');
});

test('--template replaces a part and receives the same typed props', async () => {
  await withTempDir(async (dir) => {
    const result = runCli([DATA_FILE, '--out', dir, '--format', 'pdf', '--template', fixture('templates/numbered.tsx')]);
    assert.is(result.status, 0, result.stderr);
    const text = (await readPdf(readFileSync(join(dir, 'syria-timeline.pdf')))).pageTexts.join(' ');
    assert.match(text, 'Own card · September 2015 · Russia');
    assert.ok(existsSync(join(dir, 'syria-timeline.pdf')));
  });
  const bad = runCli([DATA_FILE, '--out', '/tmp', '--format', 'pdf', '--template', fixture('templates/empty.tsx')]);
  assert.is(bad.status, 1);
  assert.match(bad.stderr, 'test/fixtures/templates/empty.tsx');
});

test.run();
