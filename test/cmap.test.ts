import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { readCharacterMap } from '../src/fonts/cmap.ts';
import { FONT_FACES } from '../src/fonts/index.ts';

test('each shipped text font maps Latin, Greek and Cyrillic, and not what it lacks', () => {
  for (const face of FONT_FACES.filter((f) => !f.fullShaping)) {
    const map = readCharacterMap(readFileSync(face.file));
    for (const c of 'AzéŁ€“”…ЖжΩω—') assert.ok(map.has(c.codePointAt(0)!), `${face.file} has ${c}`);
    for (const c of ['→', '☃', '\uE000', 'ب', '中', '😀']) assert.not.ok(map.has(c.codePointAt(0)!), `${face.file} lacks ${c}`);
  }
});

test('the emoji font maps emoji and their joiner, and no space: satori keeps a space after an emoji in the text font', () => {
  const emoji = FONT_FACES.filter((f) => f.fullShaping);
  assert.is(emoji.length, 1);
  const map = readCharacterMap(readFileSync(emoji[0]!.file));
  for (const c of ['😀', '👍', '🏽', '❤', '\u200D', '\uFE0F', '🇺', '⃣'])
    assert.ok(map.has(c.codePointAt(0)!), `Noto Emoji has U+${c.codePointAt(0)!.toString(16)}`);
  for (const c of [' ', '\r', 'A']) assert.not.ok(map.has(c.codePointAt(0)!), `Noto Emoji lacks U+${c.codePointAt(0)!.toString(16)}`);
});

test('a file without a cmap table is refused', () => {
  assert.throws(() => readCharacterMap(Buffer.from('OTTO\0\0\0\0\0\0\0\0', 'latin1')), /no cmap table/);
});

test.run();
