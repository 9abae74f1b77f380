import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { glyphDiagnostics } from '../src/fonts/coverage.ts';
import { FONT_FACES } from '../src/fonts/index.ts';
import { parsedFont } from '../src/fonts/parsed.ts';
import { layoutBlock } from '../src/layout/block.ts';
import { outlineText } from '../src/render/glyph-paths.ts';
import { renderPng } from '../src/render/png.ts';
import { parseAttrs } from '../src/render/svg-tags.ts';
import type { Timeline } from '../src/model/types.ts';
import { fixture, runCli, withTempDir } from './helpers.ts';
import { readPdf, readTextItems } from './support/pdf.ts';

const timelineWith = (text: string): Timeline => ({
  title: 'T',
  actors: [{ id: 'A', label: 'A', color: '#1f5a96' }],
  events: [{ date: '2020', range: { start: '2020-01-01', end: '2020-12-31' }, actor: 'A', text }],
});

test('emoji, their variation selectors and joiners are not missing characters; a character no font has still is', () => {
  assert.equal(glyphDiagnostics(timelineWith('Hearts ❤️ ❤︎, a family 👨‍👩‍👧, a flag 🇺🇦, a keycap #️⃣, skin 👍🏽.')), []);
  const [diagnostic] = glyphDiagnostics(timelineWith('A 中 here ❤️'));
  assert.match(diagnostic!.message, '"中" (U+4E2D)');
  assert.not.match(diagnostic!.message, 'FE0F');
});

test('an emoji in a line of text is drawn from Noto Emoji in the PNG, in the box satori measured for it', async () => {
  const words = ['The', '👍🏽', 'and', '🇺🇸', 'end'];
  const block = await layoutBlock(
    {
      type: 'div',
      props: { style: { display: 'flex', width: 600, fontFamily: 'Noto Sans', fontSize: 24, color: '#000000' }, children: words.join(' ') },
    } as never,
    600,
  );
  assert.not.match(outlineText(block.svg), '<text', 'every word, emoji included, became an outline');
  const png = PNG.sync.read(
    await renderPng(
      {
        width: 600,
        height: block.height,
        background: '#ffffff',
        layers: [{ role: 'event', x: 0, y: 0, svg: block.svg, height: block.height }],
      },
      1,
    ),
  );
  const inked = (from: number, to: number) => {
    let dark = 0;
    for (let y = 0; y < png.height; y++)
      for (let x = Math.round(from); x < Math.round(to); x++) if (png.data[(y * png.width + x) * 4]! < 128) dark++;
    return dark;
  };
  const placed = [...block.svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map((m) => {
    const attrs = parseAttrs(m[1]!);
    return { text: m[2]!, x: Number(attrs.x), width: Number(attrs.width) };
  });
  for (const emoji of ['👍🏽', '🇺🇸']) {
    const word = placed.find((p) => p.text === emoji)!;
    const { x, width } = word;
    assert.ok(width > 20, `${emoji} is measured as one picture, ${width} px wide`);
    assert.ok(inked(x, x + width) > 40, `${emoji} has ink in its box`);
    const gap = placed[placed.indexOf(word) + 1]!;
    assert.ok(gap.text === ' ' && gap.width < 8, `the space after ${emoji} is a text space (${gap.width} px), not the emoji font's`);
    assert.is(inked(gap.x, gap.x + gap.width), 0, `the space after ${emoji} stays blank`);
  }
});

test('a joined sequence the font cannot form draws its parts, the joiner dropped, not a box', async () => {
  const block = await layoutBlock(
    {
      type: 'div',
      props: { style: { display: 'flex', width: 600, fontFamily: 'Noto Sans', fontSize: 24 }, children: 'Unjoined 👨\u200d🫠 here' },
    } as never,
    600,
  );
  const outlined = outlineText(block.svg);
  assert.not.match(outlined, '<text', 'drawn as outlines, not left to resvg');
  const parts = parsedFont(FONT_FACES.find((face) => face.fullShaping)!.file).layout('👨\u200d🫠');
  assert.equal(parts.glyphs.length, 2, 'the man and the melting face, no .notdef between them');
  assert.ok(parts.glyphs.every((glyph) => glyph.id !== 0));
});

test('a timeline with emoji renders: PNG and PDF written, the PDF sets them in Noto Emoji and reads them back', async () => {
  await withTempDir(async (dir) => {
    const result = runCli([fixture('emoji.json'), '--out', dir, '--format', 'png,pdf']);
    assert.is(result.status, 0, result.stderr);
    assert.is(result.stderr.includes('character'), false, result.stderr);
    const pdf = readFileSync(join(dir, 'emoji.pdf'));
    const text = (await readPdf(pdf)).pageTexts.join(' ');
    for (const emoji of ['🔥', '🎉', '🇺🇸', '👨‍👩‍👧', '✅']) assert.ok(text.includes(emoji), `${emoji} in the PDF's text: ${text}`);
    const items = await readTextItems(pdf);
    assert.ok(
      items.some((item) => item.font === 'NotoEmoji-Regular' && item.text.includes('🔥')),
      'the fire is set in Noto Emoji',
    );
  });
});

test.run();
