import type { Emphasis } from '../../src/model/types.ts';

/** The mark a list item's paragraph starts with, as the loaders write it. */
const BULLET = '• ';

/** One paragraph of an event's text, its emphasis counted from its own start. */
export interface Paragraph {
  text: string;
  emphasis: Emphasis[];
  /** A list item: `text` is what follows its bullet. */
  item: boolean;
}

/**
 * An event's text cut at its paragraph breaks ("\n"): a paragraph that starts "• " is a list
 * item, its bullet taken off. Emphasis (UTF-16 offsets into the whole text) is cut to each
 * paragraph and counted from where the paragraph's words start.
 */
export function paragraphsOf(text: string, emphasis: readonly Emphasis[] = []): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    const item = line.startsWith(BULLET);
    const from = start + (item ? BULLET.length : 0);
    const to = start + line.length;
    const own = emphasis
      .filter((e) => e.end > from && e.start < to)
      .map((e) => ({ ...e, start: Math.max(e.start, from) - from, end: Math.min(e.end, to) - from }));
    if (line.trim() !== '') paragraphs.push({ text: line.slice(from - start), emphasis: own, item });
    start = to + 1;
  }
  return paragraphs;
}
