import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTimeline } from '../src/load/index.ts';
import { dateOrder } from '../src/model/dates.ts';
import { creationDateFor, renderTimeline, type RenderOptions } from '../src/render/index.ts';
import { renderPdf } from '../src/render/pdf.ts';
import { renderOptions } from '../src/options/index.ts';
import { DATA_FILE, fixture, runCli, withTempDir } from './helpers.ts';
import { readPdf, readTextItems } from './support/pdf.ts';
import { readStructure, type Box } from './support/pdf-structure.ts';
import { compareWithGolden } from './support/png.ts';
import { create } from 'fontkit';
import { FONT_FACES } from '../src/fonts/index.ts';

const { timeline } = await loadTimeline(DATA_FILE);
const pdf = async (options: Partial<RenderOptions>) =>
  (await renderTimeline(timeline, renderOptions({ formats: ['pdf'], ...options })))[0]!.bytes;
const A4 = { width: 595.28, height: 841.89 };
const MM = 72 / 25.4;

const letter = await pdf({});
const print = await pdf({ page: A4, bleed: 3 * MM, cropMarks: true, cmyk: true });
const column = await pdf({ page: { width: 3.25 * 72, height: 21 * 72 } });

// pdf.js joins its text items with a space, also where a line breaks after "…" with none; the
// spaces themselves are checked from the tags (press.test.ts). Here only the words count.
const squash = (text: string) => text.replace(/\s+/g, '');
const size = (b: Box) => [b[2] - b[0], b[3] - b[1]];
const near = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) < 0.01);

test('Letter by default: trim, bleed and media boxes all the page', async () => {
  for (const page of (await readStructure(letter)).pages) {
    assert.ok(near(size(page.trim), [612, 792]), `trim ${page.trim}`);
    assert.equal(page.bleed, page.trim);
    assert.equal(page.media, page.trim);
  }
});

test('--page a4 --bleed 3mm --crop-marks: A4 TrimBox, BleedBox 3 mm past it, MediaBox holding the marks', async () => {
  const { pages } = await readStructure(print);
  for (const { trim, bleed, media } of pages) {
    assert.ok(near(size(trim), [A4.width, A4.height]), `trim ${trim}`);
    assert.ok(near(bleed, [trim[0] - 3 * MM, trim[1] - 3 * MM, trim[2] + 3 * MM, trim[3] + 3 * MM]), `bleed ${bleed}`);
    assert.ok(media[0] <= bleed[0] - 18 && media[2] >= bleed[2] + 18, `media ${media} leaves room for the marks`);
  }
});

test("the PDF writer sets the page it is given in points, whatever the scene's pixels times the scale make", async () => {
  const scene = { width: 100, height: 300, background: '#ffffff', layers: [] };
  const bytes = await renderPdf(
    [scene],
    { title: 'Page', creationDate: new Date(0) },
    { page: { width: 234, height: 1512 }, scale: 1, bleed: 0, cropMarks: false, cmyk: false },
  );
  const { pages } = await readStructure(bytes);
  assert.equal(size(pages[0]!.trim), [234, 1512]);
  assert.equal(size(pages[0]!.media), [234, 1512]);
});

test('--page 3.25inx21in gives a 3.25 in column with every event whole on one page', async () => {
  const { pages } = await readStructure(column);
  for (const page of pages) assert.ok(near(size(page.trim), [234, 1512]), `trim ${page.trim}`);
  const text = (await readPdf(column)).pageTexts.map(squash);
  for (const event of timeline.events) {
    assert.is(text.filter((t) => t.includes(squash(event.text))).length, 1, event.text);
  }
});

test('a column slot takes a sixteenth of its width as margin, unless --margin is given: then it is kept', async () => {
  // The leftmost word of the first page, read back by poppler: the margin plus what stands inside it.
  const leftmost = (bytes: Uint8Array) =>
    withTempDir((dir) => {
      const file = join(dir, 'x.pdf');
      writeFileSync(file, bytes);
      const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
      return Math.min(...[...html.matchAll(/xMin="([\d.]+)"/g)].map((m) => Number(m[1])));
    });
  const slot = { width: 3.25 * 72, height: 21 * 72 };
  const auto = await leftmost(column);
  const given = await leftmost(await pdf({ page: slot, margin: 36 }));
  assert.ok(Math.abs(given - auto - (36 - (3.25 * 72) / 16)) < 1, `auto ${auto} pt, --margin 0.5in ${given} pt`);
  const sheet = await leftmost(letter);
  assert.ok(Math.abs(sheet - (await leftmost(await pdf({ margin: 36 })))) < 0.01, 'a sheet keeps half an inch by default');
});

test('every option keeps each event whole on one page, in date order', async () => {
  for (const bytes of [letter, print, column]) {
    const pageTexts = (await readPdf(bytes)).pageTexts.map(squash);
    const all = pageTexts.join('');
    const positions = dateOrder(timeline.events.map((e) => e.range)).map((i) => {
      const phrase = squash(timeline.events[i]!.text);
      assert.is(pageTexts.filter((t) => t.includes(phrase)).length, 1, phrase);
      return all.indexOf(phrase);
    });
    assert.equal(
      positions,
      [...positions].sort((a, b) => a - b),
    );
  }
});

test('tagged: language, title in the title bar, a heading, one section per event, decoration as artifacts', async () => {
  const s = await readStructure(print);
  assert.ok(s.marked, 'MarkInfo /Marked true');
  assert.is(s.lang, '(en)');
  assert.ok(s.displayTitle, 'DisplayDocTitle');
  assert.is(s.structTypes[0], 'Document');
  assert.is(s.structTypes.filter((t) => t === 'H1').length, 1);
  assert.is(s.structTypes.filter((t) => t === 'Sect').length, timeline.events.length + 2, 'header, each event, footer');
  assert.ok(
    s.contents.every((c) => c.includes('/Artifact')),
    'every page marks decoration as artifacts',
  );
});

test('--cmyk leaves no RGB colour anywhere in the file', async () => {
  const s = await readStructure(print);
  for (const content of s.contents) {
    assert.not.match(content, /\b(rg|RG)\b/);
    assert.not.match(content, /DeviceRGB/);
    assert.match(content, /DeviceCMYK/);
  }
  assert.not.ok(print.toString('latin1').includes('DeviceRGB'));
  const plain = await readStructure(letter);
  assert.ok(
    plain.contents.some((c) => /DeviceRGB/.test(c)),
    'without --cmyk the file is RGB: the check can fail',
  );
});

test('--cmyk refuses photos it cannot convert rather than leave RGB in the file', () => {
  const run = runCli([fixture('media.json'), '--format', 'pdf', '--cmyk', '--out', '/tmp/timeline-render-never']);
  assert.is(run.status, 1);
  assert.match(run.stderr, 'test/fixtures/media.json: --cmyk cannot convert photos');
});

test('the same input and options give the same bytes; the date comes from SOURCE_DATE_EPOCH, else the data', async () => {
  assert.ok((await pdf({ page: A4, bleed: 3 * MM, cropMarks: true, cmyk: true })).equals(print));
  assert.equal(creationDateFor(timeline, { SOURCE_DATE_EPOCH: '1700000000' }), new Date(1_700_000_000_000));
  assert.equal(creationDateFor(timeline, {}), new Date('2019-03-31T00:00:00Z'), 'the last day the events reach');
  assert.equal(creationDateFor({ ...timeline, updated: '2019-04-02' }, {}), new Date('2019-04-02T00:00:00Z'));
});

test('PDF pages match their golden images (pages drawn by poppler, compared by pixels)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pages-'));
  try {
    for (const [name, bytes] of [
      ['letter', letter],
      ['a4-print', print],
    ] as const) {
      const file = join(dir, `${name}.pdf`);
      writeFileSync(file, bytes);
      execFileSync('pdftoppm', ['-r', '40', '-png', file, join(dir, name)]);
      const pages = Number(
        execFileSync('pdfinfo', [file])
          .toString()
          .match(/Pages:\s+(\d+)/)![1],
      );
      for (let n = 1; n <= pages; n++) {
        const image = readFileSync(join(dir, `${name}-${n}.png`));
        const result = compareWithGolden(image, `test/golden/pdf-${name}-${n}.png`);
        assert.is(result.sizeMismatch, undefined, `${name} page ${n}: ${result.sizeMismatch}`);
        assert.ok(result.differing <= result.total * 0.001, `${name} page ${n}: ${result.differing} pixels differ; ${result.diffPath}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('each line of text is as wide in the PDF as fontkit sets it: glyphs, kerning and ligatures written right', async () => {
  const fonts = new Map(
    FONT_FACES.map((face) => {
      const font = create(readFileSync(face.file)) as unknown as {
        postscriptName: string;
        unitsPerEm: number;
        layout(text: string): { advanceWidth: number };
      };
      return [font.postscriptName, font];
    }),
  );
  let kerned = 0;
  let checked = 0;
  // Labels set with letter-spacing are wider by design; the body, title and dek have none.
  for (const item of (await readTextItems(letter)).filter((i) => /Regular|Serif/.test(i.font))) {
    const font = fonts.get(item.font);
    assert.ok(font, `unknown font ${item.font}`);
    const expected = (font.layout(item.text).advanceWidth * item.size) / font.unitsPerEm;
    assert.ok(Math.abs(item.width - expected) < 0.01, `"${item.text}" in ${item.font}: ${item.width} pt, fontkit ${expected} pt`);
    const unkerned = ([...item.text].reduce((sum, c) => sum + font.layout(c).advanceWidth, 0) * item.size) / font.unitsPerEm;
    if (Math.abs(unkerned - expected) > 0.01) kerned++;
    checked++;
  }
  assert.ok(checked > 60, `${checked} lines checked`);
  assert.ok(kerned > 10, `${kerned} lines kerned`);
});

test("after the PNG, the PDF's text still reads back letter for letter in Latin, Cyrillic and Greek", () =>
  withTempDir(async (dir) => {
    // A fresh process: drawing the PNG first outlines composite glyphs (Cyrillic а is built from Latin a).
    const result = runCli([fixture('scripts.json'), '--out', dir, '--quiet']);
    assert.is(result.status, 0, result.stderr);
    const text = (await readPdf(readFileSync(join(dir, 'scripts.pdf')))).pageTexts.join(' ');
    for (const phrase of ['Официальные лица: «Война»; Ουάσιγκτον ΤΑΥ.', 'Affluent office; “AVAST” Tyre WAVE, and a fjord.']) {
      assert.ok(text.includes(phrase), `"${phrase}" in: ${text}`);
    }
  }));

test('bad print options are usage errors (exit 2) that say what is allowed', () => {
  const page = runCli([DATA_FILE, '--format', 'pdf', '--page', 'legal-ish', '--out', '/tmp/never']);
  assert.is(page.status, 2);
  assert.match(page.stderr, 'Invalid value for --page. Allowed: letter, a4, tabloid');
  const bleed = runCli([DATA_FILE, '--format', 'pdf', '--bleed', '3 furlongs', '--out', '/tmp/never']);
  assert.is(bleed.status, 2);
  assert.match(bleed.stderr, 'Invalid value for --bleed');
});

test.run();
