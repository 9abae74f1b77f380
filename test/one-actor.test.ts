import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeEntities } from '../src/render/svg-tags.ts';
import { altText } from '../src/render/alt.ts';
import { presetImages, type PresetImage } from '../src/layout/presets.ts';
import { PRESET_NAMES } from '../src/model/formats.ts';
import { DEFAULT_THEME } from '../src/model/theme.ts';
import type { Timeline } from '../src/model/types.ts';
import { verticalTemplate } from '../templates/vertical.tsx';

const options = { template: verticalTemplate, theme: DEFAULT_THEME, scale: 1, maxSlides: 20 };

const timeline = (actors: Timeline['actors']): Timeline => ({
  title: 'Street protests',
  dek: 'A year of marches.',
  actors,
  events: ['March', 'April', 'May'].map((month, i) => ({
    date: `${month} 2019`,
    range: { start: `2019-0${i + 3}-01`, end: `2019-0${i + 3}-28` },
    actor: actors[i % actors.length]!.id,
    text: `A march in ${month}.`,
  })),
});

/** Every word drawn on every image of every preset, lower-cased. */
async function drawnWords(data: Timeline): Promise<{ words: Set<string>; images: PresetImage[] }> {
  const images = (await Promise.all(PRESET_NAMES.map((preset) => presetImages(preset, data, options)))).flat();
  const words = new Set<string>();
  for (const image of images) {
    for (const layer of image.scene.layers)
      for (const m of layer.svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)) words.add(decodeEntities(m[1]!).trim().toLowerCase());
  }
  return { words, images };
}

test('a timeline with one actor names it nowhere: cards, legend, og and x cards, slides, story frames, alt text', async () => {
  const data = timeline([{ id: 'Marchers', label: 'Marchers', color: '#1f5a96' }]);
  const { words, images } = await drawnWords(data);
  assert.ok(words.has('march'), 'the events are drawn');
  assert.not.ok(words.has('marchers'), 'the actor label is drawn nowhere');
  assert.ok(images.length >= 5, `${images.length} images`);
  for (const image of images) {
    const alt = altText(data, image.scene, image.context);
    assert.not.match(alt, 'Marchers', image.suffix);
  }
  const tall = images.find((image) => image.suffix === '.png')!;
  assert.match(altText(data, tall.scene, tall.context), /^March 2019: A march in March\.$/m);
});

test('two actors are still named on the cards, in the legend and in the alt text', async () => {
  const data = timeline([
    { id: 'Marchers', label: 'Marchers', color: '#1f5a96' },
    { id: 'Police', label: 'Police', color: '#b42a22' },
  ]);
  const { words, images } = await drawnWords(data);
  assert.ok(words.has('marchers') && words.has('police'), 'the legend names both');
  const tall = images.find((image) => image.suffix === '.png')!;
  const cards = tall.scene.layers
    .filter((layer) => layer.role === 'event')
    .map((layer) => layer.svg)
    .join('');
  assert.match(cards, '>MARCHERS<', 'a card names its actor');
  assert.match(altText(data, tall.scene, tall.context), /^March 2019, Marchers: A march in March\.$/m);
});

test.run();
