import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { readCharacterMap } from '../src/fonts/cmap.ts';
import { FONT_FACES } from '../src/fonts/index.ts';

test('each shipped font maps Latin, Greek and Cyrillic, and not what it lacks', () => {
  for (const face of FONT_FACES) {
    const map = readCharacterMap(readFileSync(face.file));
    for (const c of 'AzéŁ€“”…ЖжΩω—') assert.ok(map.has(c.codePointAt(0)!), `${face.file} has ${c}`);
    for (const c of ['→', '☃', '\uE000', 'ب', '中', '😀']) assert.not.ok(map.has(c.codePointAt(0)!), `${face.file} lacks ${c}`);
  }
});

test('a file without a cmap table is refused', () => {
  assert.throws(() => readCharacterMap(Buffer.from('OTTO\0\0\0\0\0\0\0\0', 'latin1')), /no cmap table/);
});

test.run();
