import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { layoutBlock } from '../src/layout/block.ts';
import { DEFAULT_THEME } from '../src/model/theme.ts';
import type { Emphasis, Timeline, TimelineEvent } from '../src/model/types.ts';
import { altText } from '../src/render/alt.ts';
import { presetImages } from '../src/layout/presets.ts';
import { parseAttrs } from '../src/render/svg-tags.ts';
import { paragraphsOf } from '../templates/parts/paragraphs.ts';
import { verticalTemplate } from '../templates/vertical.tsx';

const TEXT =
  'First paragraph, long enough to wrap onto a second line of the card.\nSecond paragraph with bold words.\n' +
  '• an item long enough to wrap onto a second line under its own words\n• second item';
const at = (words: string, style: Emphasis['style']): Emphasis => ({
  start: TEXT.indexOf(words),
  end: TEXT.indexOf(words) + words.length,
  style,
});
const EMPHASIS = [at('bold words', 'bold'), at('the card.\nSecond', 'italic'), at('an item', 'bold')];

test('the text is cut into paragraphs and list items, each emphasis counted from its own paragraph', () => {
  const paragraphs = paragraphsOf(TEXT, EMPHASIS);
  assert.equal(
    paragraphs.map((p) => [p.item, p.text.slice(0, 14)]),
    [
      [false, 'First paragrap'],
      [false, 'Second paragra'],
      [true, 'an item long e'],
      [true, 'second item'],
    ],
  );
  const emphasised = paragraphs.map((p) => p.emphasis.map((e) => `${e.style}:${p.text.slice(e.start, e.end)}`));
  assert.equal(emphasised, [['italic:the card.'], ['bold:bold words', 'italic:Second'], ['bold:an item'], []]);
});

const event: TimelineEvent = {
  date: 'May 2020',
  range: { start: '2020-05-01', end: '2020-05-31' },
  actor: 'A',
  text: TEXT,
  emphasis: EMPHASIS,
};

interface Word {
  text: string;
  x: number;
  y: number;
  weight: string;
}

async function cardWords(width: number): Promise<Word[]> {
  const block = await layoutBlock(
    verticalTemplate.Card({
      event,
      actor: { id: 'A', label: 'A', color: '#1f5a96' },
      namesActor: false,
      width,
      side: 'right',
      theme: DEFAULT_THEME,
    }),
    width,
  );
  return [...block.svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map((m) => {
    const a = parseAttrs(m[1]!);
    return { text: m[2]!, x: Number(a.x), y: Number(a.y), weight: a['font-weight'] ?? '' };
  });
}

test('on the card each paragraph is its own block, a wider gap between them; a list item hangs right of its bullet', async () => {
  const words = await cardWords(520);
  const first = (text: string) => words.find((w) => w.text === text)!;
  const lines = [...new Set(words.filter((w) => w.text.trim() && !/MAY|2020/.test(w.text)).map((w) => w.y))].sort((a, b) => a - b);
  const step = lines[1]! - lines[0]!;
  const [firstWord, second, bullets] = [first('First'), first('Second'), words.filter((w) => w.text === '•')];
  assert.is(second.x, firstWord.x, 'the second paragraph starts at the left edge');
  assert.ok(
    second.y - lines[lines.indexOf(second.y) - 1]! > step * 1.2,
    `a paragraph gap (${second.y - lines[lines.indexOf(second.y) - 1]!}) is wider than a line (${step})`,
  );
  assert.is(bullets.length, 2, 'a bullet per list item');
  const item = first('an');
  assert.ok(item.x > bullets[0]!.x + 10 && item.y === bullets[0]!.y, "the item's words start right of its bullet, on its line");
  const wrapped = words.filter((w) => w.y > item.y && w.y < bullets[1]!.y && w.text.trim());
  assert.ok(wrapped.length > 0, 'the first item wraps');
  assert.is(Math.min(...wrapped.map((w) => w.x)), item.x, 'its second line hangs under its words, not under the bullet');
  assert.is(first('an').weight, '700', 'emphasis at a list item starts after its bullet');
  assert.is(first('bold').weight, '700');
  assert.is(first('with').weight, 'normal');
});

test('the alt text keeps paragraphs and list items on lines of their own', async () => {
  const timeline: Timeline = { title: 'T', actors: [{ id: 'A', label: 'A', color: '#1f5a96' }], events: [event] };
  const [tall] = await presetImages('tall', timeline, { template: verticalTemplate, theme: DEFAULT_THEME, scale: 1, maxSlides: 20 });
  const alt = altText(timeline, tall!.scene, tall!.context);
  assert.match(alt, /^May 2020: First paragraph.*card\.\nSecond paragraph with bold words\.\n• an item .*\n• second item\n$/m);
});

test.run();
