import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { altText } from '../src/render/alt.ts';
import { presetImages } from '../src/layout/presets.ts';
import { DEFAULT_THEME } from '../src/model/theme.ts';
import type { Timeline } from '../src/model/types.ts';
import { verticalTemplate } from '../templates/vertical.tsx';

const options = { template: verticalTemplate, theme: DEFAULT_THEME, scale: 1, maxSlides: 20 };

const timeline: Timeline = {
  title: 'Talks',
  actors: [
    { id: 'A', label: 'Side A', color: '#1f5a96' },
    { id: 'B', label: 'Side B', color: '#b42a22' },
  ],
  events: [
    {
      date: 'May 2020',
      range: { start: '2020-05-01', end: '2020-05-31' },
      actor: 'A',
      headline: 'Talks open',
      text: 'Both sides meet in Geneva.',
    },
    { date: 'June 2020', range: { start: '2020-06-01', end: '2020-06-30' }, actor: 'B', headline: 'Walkout?', text: 'One side leaves.' },
    { date: 'July 2020', range: { start: '2020-07-01', end: '2020-07-31' }, actor: 'A', text: 'No headline here.' },
  ],
};

test("the alt text gives each event's headline, as the tall image and the slides show it", async () => {
  for (const preset of ['tall', 'instagram'] as const) {
    const images = await presetImages(preset, timeline, options);
    const alt = images.map((image) => altText(timeline, image.scene, image.context)).join('');
    assert.match(alt, /^May 2020, Side A: Talks open\. Both sides meet in Geneva\.$/m, preset);
    assert.match(alt, /^June 2020, Side B: Walkout\? One side leaves\.$/m, `${preset}: a headline that ends in a mark gets no period`);
    assert.match(alt, /^July 2020, Side A: No headline here\.$/m, preset);
  }
});

test.run();
