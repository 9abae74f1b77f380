import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { layoutBlock } from '../src/layout/block.ts';
import { SizeBoundedCache } from '../src/layout/size-bounded-cache.ts';
import { DEFAULT_THEME } from '../src/model/theme.ts';
import { verticalTemplate } from '../templates/vertical.tsx';

const actor = { id: 'US', label: 'US', color: '#1f5a96' };
const card = (text: string) =>
  verticalTemplate.Card({
    event: { date: 'October 2015', range: { start: '2015-10-01', end: '2015-10-31' }, actor: 'US', text },
    actor,
    width: 400,
    side: 'left',
    theme: DEFAULT_THEME,
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

test('the cache forgets its least recently used entries once their sizes pass its bound', () => {
  const cache = new SizeBoundedCache<string>(100);
  cache.set('a', 'first', 40);
  cache.set('b', 'second', 40);
  assert.is(cache.get('a'), 'first', 'a is now the most recently used');
  cache.set('c', 'third', 40);
  assert.equal([cache.peek('a'), cache.peek('b'), cache.peek('c')], ['first', undefined, 'third'], 'b, the least recently used, went');
  assert.equal([cache.size, cache.count], [80, 2]);
  cache.set('huge', 'past the bound by itself', 500);
  assert.equal([cache.count, cache.peek('huge')], [1, 'past the bound by itself'], 'the newest stays even alone past the bound');
  cache.set('huge', 'smaller now', 10);
  assert.equal([cache.size, cache.count], [10, 1], 'a key set again is counted once');
});

test('components with the same source that return other elements are laid out apart', async () => {
  // As in a template whose component reads a constant of its module, edited since: same source, other output.
  const labelIn = (colour: string) =>
    function Label({ text }: { text: string }) {
      return { type: 'div', props: { style: { display: 'flex', color: colour, fontSize: 20 }, children: text } };
    };
  const [red, blue] = [labelIn('#ff0000'), labelIn('#0000ff')];
  assert.is(String(red), String(blue));
  const element = (Label: typeof red) =>
    ({
      type: 'div',
      props: { style: { display: 'flex' }, children: { type: Label, props: { text: 'Same words' } } },
    }) as unknown as Parameters<typeof layoutBlock>[0];
  const first = await layoutBlock(element(red), 300);
  const second = await layoutBlock(element(blue), 300);
  assert.match(first.svg, '#ff0000');
  assert.match(second.svg, '#0000ff');
  assert.is(await layoutBlock(element(red), 300), first, 'the same output: the same block');
});

test('a component that throws fails the layout with its own error', async () => {
  const Broken = () => {
    throw new Error('broken component');
  };
  const element = { type: 'div', props: { children: { type: Broken, props: {} } } } as unknown as Parameters<typeof layoutBlock>[0];
  await layoutBlock(element, 300).then(
    () => assert.unreachable('laid out'),
    (error: Error) => assert.is(error.message, 'broken component'),
  );
});

test.run();
