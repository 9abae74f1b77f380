import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { loadTimeline } from '../src/load/index.ts';
import { CancelledError } from '../src/errors.ts';
import { dateOrder } from '../src/model/dates.ts';
import { renderTimeline, LETTER } from '../src/render/index.ts';
import { PRINT_SCALE } from '../src/layout/print.ts';
import { renderOptions } from '../src/options/index.ts';
import { layoutTimeline, pagedScenes, sceneToSvg, tallScene, type TimelineLayout } from '../src/layout/scene.ts';
import { renderPng } from '../src/render/png.ts';
import { outlineText } from '../src/render/glyph-paths.ts';
import { FONT_FACES } from '../src/fonts/index.ts';
import { Resvg } from '@resvg/resvg-js';
import { PNG } from 'pngjs';
import pixelmatch from 'pixelmatch';
import { SEED_REFERENCE } from './helpers.ts';
import { DEFAULT_THEME } from '../src/model/theme.ts';
import { verticalTemplate } from '../templates/vertical.tsx';
import { normalise, readPdf } from './support/pdf.ts';
import { compareWithGolden, pngSize } from './support/png.ts';

const SEED = 'data/syria-timeline.json';
const FIXED_DATE = new Date('2024-01-02T03:04:05Z');
const reference = JSON.parse(readFileSync(SEED_REFERENCE, 'utf8')) as {
  title: string;
  events: Array<{ date: string; actor: string; text: string }>;
};

const loaded = await loadTimeline(SEED);
const rendered = await renderTimeline(loaded.timeline, renderOptions({ creationDate: FIXED_DATE }));
const outputs = { png: rendered.find((f) => f.suffix === '.png')!.bytes, pdf: rendered.find((f) => f.suffix === '.pdf')!.bytes };
const options = { template: verticalTemplate, theme: DEFAULT_THEME };

function cardWidth(layout: TimelineLayout, eventIndex: number): number {
  return layout.units.flatMap((u) => u.items).find((i) => i.kind === 'card' && i.eventIndex === eventIndex)!.block.width;
}

function cardHeight(layout: TimelineLayout, eventIndex: number): number {
  return layout.units.flatMap((u) => u.items).find((i) => i.kind === 'card' && i.eventIndex === eventIndex)!.block.height;
}

test('the tall PNG is 1080 layout pixels at 2x and matches its golden image', () => {
  const { width, height } = pngSize(outputs.png);
  assert.is(width, 2160);
  assert.ok(height > 4000, `height ${height} follows the content`);
  const result = compareWithGolden(outputs.png, 'test/golden/syria-timeline.png');
  assert.is(result.sizeMismatch, undefined, result.sizeMismatch);
  assert.ok(result.differing <= result.total * 0.0001, `${result.differing} pixels differ from the golden; diff image: ${result.diffPath}`);
});

test("cards land on their actor's side: first side left, second right, joint across the spine", async () => {
  const layout = await layoutTimeline(loaded.timeline, 1080, 60, options);
  const scene = tallScene(layout);
  const spine = layout.geometry.spineX;
  const cards = scene.layers.filter((l) => l.role === 'event');
  assert.is(cards.length, loaded.timeline.events.length);
  for (const card of cards) {
    const event = loaded.timeline.events[card.eventIndex!]!;
    const right = card.x + cardWidth(layout, card.eventIndex!);
    if (event.actor === 'US') assert.ok(right < spine, `US event ${card.eventIndex} ends left of the spine`);
    else if (event.actor === 'Russia') assert.ok(card.x > spine, `Russia event ${card.eventIndex} starts right of the spine`);
    else
      assert.ok(
        card.x < spine && right > spine && Math.abs(card.x + right - 2 * spine) < 1,
        `joint event ${card.eventIndex} is centred on the spine`,
      );
  }
});

test('cards never overlap and read top to bottom in date order', async () => {
  const layout = await layoutTimeline(loaded.timeline, 1080, 60, options);
  const items = tallScene(layout).layers.filter((l) => l.role === 'event');
  const boxes = items.map((l) => ({
    index: l.eventIndex!,
    x: l.x,
    y: l.y,
    w: cardWidth(layout, l.eventIndex!),
    h: cardHeight(layout, l.eventIndex!),
  }));
  for (const a of boxes) {
    for (const b of boxes) {
      if (a === b) continue;
      const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
      assert.not.ok(overlap, `events ${a.index} and ${b.index} overlap`);
    }
  }
  const byTop = [...boxes].sort((a, b) => a.y - b.y).map((b) => b.index);
  assert.equal(byTop, dateOrder(loaded.timeline.events.map((e) => e.range)));
});

test('the PDF reads back: Letter pages, metadata, every event whole on one page, in date order', async () => {
  const pdf = await readPdf(outputs.pdf);
  const layout = await layoutTimeline(loaded.timeline, LETTER.width / PRINT_SCALE, 36 / PRINT_SCALE, options);
  const { padding } = layout.geometry;
  const frame = { height: LETTER.height / PRINT_SCALE, top: padding, bottom: padding, headerFirst: true, lead: 0, label: () => '' };
  assert.is(pdf.pages, (await pagedScenes(layout, frame)).length);
  assert.ok(pdf.pages >= 2 && pdf.pages <= 4, `${pdf.pages} pages`);
  for (const [w, h] of pdf.pageSizes) {
    assert.ok(Math.abs(w - 612) < 0.01 && Math.abs(h - 792) < 0.01, `page is ${w}x${h}, not Letter`);
  }
  assert.is(pdf.info.Title, reference.title);
  assert.is(pdf.info.Author, 'Mother Jones');
  assert.is(pdf.info.Subject, loaded.timeline.dek);
  assert.ok(pdf.pageTexts[0]!.startsWith(normalise(reference.title)), 'the first page opens with the title');
  const whole = pdf.pageTexts.join(' ');
  const positions = reference.events.map((event, i) => {
    const phrase = normalise(event.text);
    const pages = pdf.pageTexts.filter((text) => text.includes(phrase)).length;
    assert.is(pages, 1, `event ${i} appears whole on exactly one page`);
    return whole.indexOf(phrase);
  });
  const inDateOrder = dateOrder(loaded.timeline.events.map((e) => e.range)).map((i) => positions[i]!);
  assert.equal(
    inDateOrder,
    [...inDateOrder].sort((a, b) => a - b),
    'events read in date order',
  );
});

test('the PDF embeds its fonts as subsets, and a fixed creation date gives the same bytes twice', async () => {
  const text = outputs.pdf.toString('latin1');
  const fontNames = [...text.matchAll(/\/BaseFont \/([A-Z]{6})\+(\S+)/g)].map((m) => m[2]);
  assert.ok(fontNames.length >= 3, `subset fonts: ${fontNames.join(', ')}`);
  assert.not.match(text, /\/BaseFont \/(Helvetica|Times|Courier)/);
  const [again] = await renderTimeline(loaded.timeline, renderOptions({ creationDate: FIXED_DATE, formats: ['pdf'] }));
  assert.ok(again!.bytes.equals(outputs.pdf), 'identical bytes');
});

test("--scale sets the tall image's pixel density: 1x is 1080 px wide, 3x 3240 px", async () => {
  for (const scale of [1, 3]) {
    const [png] = await renderTimeline(loaded.timeline, renderOptions({ formats: ['png'], scale }));
    const { width, height } = pngSize(png!.bytes);
    assert.is(width, 1080 * scale);
    assert.ok(Math.abs(height / scale - pngSize(outputs.png).height / 2) <= 1, `height ${height} follows the same layout`);
  }
});

const drawWhole = (svg: string, background?: string) =>
  new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    ...(background ? { background } : {}),
    font: { loadSystemFonts: false, fontFiles: FONT_FACES.map((f) => f.file), defaultFontFamily: FONT_FACES[0]!.family },
    shapeRendering: 2,
    textRendering: 1,
  }).render();

// Outlines sit under a transform, so a band's offset can move an edge pixel by one step of
// anti-aliasing (1/16); any seam, gap or missing layer would differ far more.
test('the tall image drawn band by band has the pixels of one whole drawing', async () => {
  const scene = tallScene(await layoutTimeline(loaded.timeline, 1080, 60, options));
  const banded = PNG.sync.read(await renderPng(scene, 2));
  const whole = drawWhole(outlineText(sceneToSvg(scene, { top: 0, height: scene.height, background: false })), scene.background);
  assert.equal([banded.width, banded.height], [whole.width, whole.height]);
  assert.is(pixelmatch(banded.data, whole.pixels, undefined, banded.width, banded.height, { threshold: 0.1 }), 0);
});

test('words drawn as glyph outlines look as resvg draws the same words as text', async () => {
  const scene = tallScene(await layoutTimeline(loaded.timeline, 1080, 60, options));
  const svg = sceneToSvg(scene, { top: 0, height: 1400 });
  const outlined = outlineText(svg);
  assert.not.match(outlined, '<text', 'every word became an outline');
  const [asText, asOutlines] = [drawWhole(svg), drawWhole(outlined)];
  const differing = pixelmatch(asText.pixels, asOutlines.pixels, undefined, asText.width, asText.height, { threshold: 0.1 });
  assert.ok(differing < asText.width * asText.height * 0.0005, `${differing} pixels differ`);
});

test('--keep-order keeps October 2018 before September 2018', async () => {
  const layout = await layoutTimeline(loaded.timeline, 1080, 60, { ...options, keepOrder: true });
  const order = tallScene(layout)
    .layers.filter((l) => l.role === 'event')
    .sort((a, b) => a.y - b.y)
    .map((l) => l.eventIndex);
  assert.equal(
    order,
    loaded.timeline.events.map((_, i) => i),
  );
});

test('a signal stops a render part way with a CancelledError, checked between cards and bands', async () => {
  const { timeline } = await loadTimeline(SEED);
  const cancelledAfter = async (checks: number) => {
    let read = 0;
    const signal = {
      get aborted() {
        return ++read > checks;
      },
    };
    const error = await renderTimeline(timeline, renderOptions({ formats: ['png', 'pdf'], signal })).then(
      () => undefined,
      (e: unknown) => e,
    );
    return { error, read };
  };
  const atOnce = await cancelledAfter(0);
  assert.instance(atOnce.error, CancelledError);
  const partWay = await cancelledAfter(30);
  assert.instance(partWay.error, CancelledError);
  // The images and the PDF are made at once: each stops at its next check after the 30th.
  assert.ok(partWay.read >= 31 && partWay.read <= 32, `stopped at the 31st check, the other part at its next (${partWay.read} checks)`);
  const { read: checks } = await cancelledAfter(Infinity);
  assert.ok(checks > 21 + 4, `a check per card at least, and per band (${checks})`);
});

test.run();
