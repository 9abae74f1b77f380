import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tags } from '../src/render/svg-tags.ts';

test('tags come in order with their attributes, entities decoded, and the text after each', () => {
  const svg =
    '<?xml version="1.0"?><svg width="10" height="20"><g transform="translate(1, 2)">' +
    '<text x="3" font-family="Noto Sans" data-note="a &gt; b">Q&amp;A&#8217;s </text><rect x="1"\n  y="2"/></g></svg>';
  const read = [...tags(svg)].map((t) => [t.closing ? `/${t.name}` : t.name, t.attrs, t.selfClosing, t.text]);
  assert.equal(read, [
    ['svg', { width: '10', height: '20' }, false, ''],
    ['g', { transform: 'translate(1, 2)' }, false, ''],
    ['text', { x: '3', 'font-family': 'Noto Sans', 'data-note': 'a > b' }, false, 'Q&A’s '],
    ['/text', {}, false, ''],
    ['rect', { x: '1', y: '2' }, true, ''],
    ['/g', {}, false, ''],
    ['/svg', {}, false, ''],
  ]);
});

test('a ">" inside an attribute value does not end the tag', () => {
  const [tag] = [...tags('<path d="M0 0" title="x>y"/>')];
  assert.equal(tag!.attrs, { d: 'M0 0', title: 'x>y' });
});

test('an unterminated tag or attribute is an error, not a silent drop', () => {
  assert.throws(() => [...tags('<rect x="1"')], /Unterminated <rect> tag/);
  assert.throws(() => [...tags('<rect x="1>')], /Unterminated attribute in <rect>/);
});

test.run();
