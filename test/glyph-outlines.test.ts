import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Resvg } from '@resvg/resvg-js';
import pixelmatch from 'pixelmatch';
import { FONT_FACES } from '../src/fonts/index.ts';
import { layoutBlock } from '../src/layout/block.ts';
import { DEFAULT_THEME } from '../src/model/theme.ts';
import { outlineText } from '../src/render/glyph-paths.ts';
import { verticalTemplate } from '../templates/vertical.tsx';

const draw = (content: string, width: number, height: number) =>
  new Resvg(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${content}</svg>`, {
    fitTo: { mode: 'zoom', value: 2 },
    background: '#ffffff',
    font: { loadSystemFonts: false, fontFiles: FONT_FACES.map((f) => f.file), defaultFontFamily: FONT_FACES[0]!.family },
  }).render();

const darkPixels = (pixels: Buffer) => {
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 160) dark++;
  return dark;
};

// satori clips a word that may be cut with an ellipsis (the running head's title): the clip
// is read in the outline's own space, and once shrank the title to nothing on every slide.
test('a clipped word drawn as outlines looks as resvg draws it as text: the running head keeps its title', async () => {
  const width = 632;
  const block = await layoutBlock(
    verticalTemplate.RunningHead({ title: 'A title long enough to read', label: '2/8', width, theme: DEFAULT_THEME }),
    width,
  );
  assert.match(block.svg, /<text[^>]*clip-path=/, 'satori clips the title');
  const [asText, asOutlines] = [draw(block.svg, width, block.height), draw(outlineText(block.svg), width, block.height)];
  assert.ok(
    darkPixels(asOutlines.pixels) > darkPixels(asText.pixels) * 0.9,
    `ink: ${darkPixels(asOutlines.pixels)} of ${darkPixels(asText.pixels)}`,
  );
  const differing = pixelmatch(asText.pixels, asOutlines.pixels, undefined, asText.width, asText.height, { threshold: 0.1 });
  assert.ok(differing < asText.width * asText.height * 0.002, `${differing} pixels differ`);
});

test.run();
