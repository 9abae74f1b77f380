import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { layoutBlock } from '../src/layout/block.ts';
import { presetImages } from '../src/layout/presets.ts';
import { PRESET_NAMES } from '../src/model/formats.ts';
import { DEFAULT_THEME } from '../src/model/theme.ts';
import type { Timeline } from '../src/model/types.ts';
import { parseAttrs } from '../src/render/svg-tags.ts';
import { verticalTemplate } from '../templates/vertical.tsx';

/** 60 letters: wider than any line of any output at any of the template's sizes. */
const LONG = 'Pneumonoultramicroscopicsilicovolcanoconiosis'.padEnd(60, 'x');
const options = { template: verticalTemplate, theme: DEFAULT_THEME, scale: 1, maxSlides: 20 };

const timeline: Timeline = {
  title: `The ${LONG} affair`,
  dek: `A dek with ${LONG} in it.`,
  credit: `By ${LONG}`,
  source: LONG,
  actors: [
    { id: 'A', label: LONG, color: '#1f5a96' },
    { id: 'B', label: 'B', color: '#b42a22' },
  ],
  events: [
    {
      date: `March 2019 ${LONG}`,
      range: { start: '2019-03-01', end: '2019-03-31' },
      actor: 'A',
      headline: `Head ${LONG}`,
      text: `A march ${LONG} in March.`,
    },
    { date: 'April 2019', range: { start: '2019-04-01', end: '2019-04-30' }, actor: 'B', text: 'A march in April.' },
  ],
};

/** Right edges of the words of an SVG as drawn, with the words: a word cut with an ellipsis ends at its clip's edge. */
const wordEdges = (svg: string, dx = 0) => {
  const clips = new Map(
    [...svg.matchAll(/<clipPath id="([^"]+)"><rect x="([\d.]+)" y="[\d.-]+" width="([\d.]+)"/g)].map((m) => [
      m[1]!,
      Number(m[2]) + Number(m[3]),
    ]),
  );
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map((m) => {
    const a = parseAttrs(m[1]!);
    const clip = clips.get(a['clip-path']?.match(/^url\(#(.+)\)$/)?.[1] ?? '') ?? Infinity;
    return { text: m[2]!, right: dx + Math.min(Number(a.x) + Number(a.width), clip) };
  });
};

test('a word longer than the line breaks inside the frame on every image of every preset: title, dek, legend, labels, credit', async () => {
  for (const preset of PRESET_NAMES) {
    for (const image of await presetImages(preset, timeline, options)) {
      for (const layer of image.scene.layers) {
        for (const word of wordEdges(layer.svg, layer.x)) {
          assert.ok(
            word.right <= image.scene.width - 20,
            `${image.suffix}: "${word.text}" ends at ${word.right.toFixed(0)} of ${image.scene.width}`,
          );
        }
      }
    }
  }
});

test('a card breaks a long date, actor label and headline inside its padding', async () => {
  const width = 420;
  const event = timeline.events[0]!;
  const block = await layoutBlock(
    verticalTemplate.Card({ event, actor: timeline.actors[0]!, namesActor: true, width, side: 'left', theme: DEFAULT_THEME }),
    width,
  );
  const inner = width - DEFAULT_THEME.card.padding;
  const words = wordEdges(block.svg);
  assert.ok(words.some((w) => /MARCH/.test(w.text)) && words.some((w) => /^Head/.test(w.text)));
  for (const word of words) assert.ok(word.right <= inner + 0.5, `"${word.text}" ends at ${word.right.toFixed(1)}, past ${inner}`);
});

test.run();
