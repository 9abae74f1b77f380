import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { layoutBlock } from '../src/layout/block.ts';
import { DEFAULT_THEME } from '../src/model/theme.ts';
import { verticalTemplate } from '../templates/vertical.tsx';

const actor = { id: 'US', label: 'US', color: '#1f5a96' };
const card = (text: string) => verticalTemplate.Card({
  event: { date: 'October 2015', range: { start: '2015-10-01', end: '2015-10-31' }, actor: 'US', text },
  actor, width: 400, side: 'left', theme: DEFAULT_THEME,
} as Parameters<typeof verticalTemplate.Card>[0]);

test('a block laid out before in this process comes back from the cache', async () => {
  const first = await layoutBlock(card('A card laid out once.'), 400);
  assert.is(await layoutBlock(card('A card laid out once.'), 400), first, 'same element and width: the same block');
  const wider = await layoutBlock(card('A card laid out once.'), 600);
  assert.is.not(wider, first);
  assert.is(wider.width, 600);
  const other = await layoutBlock(card('Another text.'), 400);
  assert.is.not(other, first);
  assert.match(other.svg, 'Another');
});

test.run();
