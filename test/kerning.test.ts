import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { create } from 'fontkit';
import { FONT_FACES } from '../src/fonts/index.ts';
import { parsedFont } from '../src/fonts/parsed.ts';

// fontkit's full shaper is the reference: the PDF's own layout must place glyphs as it does.
const WORDS = [
  'To',
  'AVAST',
  'Yes,',
  'Tyre',
  'WAVE',
  'Washington',
  'Russia',
  'P.',
  'L’Aquila',
  '“Quote”',
  'Война',
  'Тут',
  'ГОЛОВА',
  'Ουάσιγκτον',
  'ΤΑΥ',
  'f.',
  'Kyiv',
  'vs.',
  'Wolf',
  'T-72',
  'conflict',
  'office',
  'affluent',
  'fjord',
  'fifty',
];

const advances = (run: { glyphs: Array<{ id: number }>; positions: Array<{ xAdvance: number }> }) =>
  run.glyphs.map((glyph, i) => `${glyph.id}:${run.positions[i]!.xAdvance}`);

test('the PDF layout forms ligatures and kerns each shipped font as fontkit does', () => {
  let kerned = 0;
  let ligated = 0;
  for (const face of FONT_FACES) {
    const reference = create(readFileSync(face.file)) as unknown as { layout(text: string): Parameters<typeof advances>[0] };
    const ours = parsedFont(face.file) as unknown as { layout(text: string): Parameters<typeof advances>[0] };
    for (const word of WORDS) {
      const expected = reference.layout(word);
      assert.equal(advances(ours.layout(word)), advances(expected), `${face.family} ${face.weight} ${face.style}: ${word}`);
      if (expected.glyphs.length < [...word].length) ligated++;
      if (expected.positions.some((p, i) => p.xAdvance !== (expected.glyphs[i] as unknown as { advanceWidth: number }).advanceWidth))
        kerned++;
    }
  }
  assert.ok(kerned > 20, `kerning applied in ${kerned} words`);
  assert.ok(ligated > 0, `ligatures formed in ${ligated} words`);
});

test('the same parsed font serves every document', () => {
  assert.is(parsedFont(FONT_FACES[0]!.file), parsedFont(FONT_FACES[0]!.file));
});

test.run();
