import { createRequire } from 'node:module';
import type { Parser as HtmlParser } from 'htmlparser2';
import type { Emphasis } from '../model/types.ts';

const BOLD = new Set(['b', 'strong']);
const ITALIC = new Set(['i', 'em', 'cite']);
const DROPPED = new Set(['script', 'style', 'noscript', 'template', 'head', 'title']);
const BREAKS = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'section', 'article', 'tr']);

/**
 * HTML as plain text with its bold and italic kept as emphasis ranges: tags stripped,
 * entities decoded, scripts and styles dropped, white space collapsed. With `paragraphs`,
 * blocks (p, div, br, headings…) are kept apart by a single "\n" and each list item is a
 * paragraph that starts "• "; without, blocks run together with a space. Uses a real HTML
 * parser (htmlparser2), so broken markup degrades gracefully.
 */
export function htmlToText(html: string, { paragraphs = false } = {}): { text: string; emphasis: Emphasis[] } {
  let out = '';
  let dropped = 0;
  // A block boundary waits for the next text, so empty blocks and runs of them give one break.
  let pending: '' | 'break' | 'item' = '';
  const open: Array<{ style: Emphasis['style']; start: number }> = [];
  const emphasis: Emphasis[] = [];
  const append = (raw: string) => {
    const chunk = raw.replace(/\s+/g, ' ');
    if (pending && chunk.trim() !== '') {
      out = out.trimEnd();
      const before = out.length;
      out += (out === '' ? '' : '\n') + (pending === 'item' ? '• ' : '');
      // Bold or italic opened at the break starts after it, on the words.
      for (const o of open) if (o.start >= before) o.start = out.length;
      pending = '';
    }
    out += out.endsWith(' ') || out.endsWith('\n') || out === '' || out.endsWith('• ') ? chunk.replace(/^ /, '') : chunk;
  };
  const boundary = (name: string) => {
    if (!paragraphs) append(' ');
    else if (pending !== 'item') pending = name === 'li' ? 'item' : 'break';
  };
  // Loaded on first use: only TimelineJS inputs carry HTML.
  const { Parser } = createRequire(import.meta.url)('htmlparser2') as { Parser: typeof HtmlParser };
  const parser = new Parser(
    {
      onopentag(name) {
        if (DROPPED.has(name)) dropped++;
        else if (BREAKS.has(name)) boundary(name);
        else if (BOLD.has(name) || ITALIC.has(name)) open.push({ style: BOLD.has(name) ? 'bold' : 'italic', start: out.length });
      },
      ontext(text) {
        if (dropped === 0) append(text);
      },
      onclosetag(name) {
        if (DROPPED.has(name)) dropped = Math.max(0, dropped - 1);
        else if (BREAKS.has(name)) boundary('');
        else if (BOLD.has(name) || ITALIC.has(name)) {
          const style = BOLD.has(name) ? 'bold' : 'italic';
          const at = open.map((o) => o.style).lastIndexOf(style);
          if (at >= 0) emphasis.push({ style, start: open.splice(at, 1)[0]!.start, end: out.length });
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  const lead = out.length - out.trimStart().length;
  const text = out.trim();
  const spans = emphasis
    .map((e) => ({ ...e, start: Math.max(0, e.start - lead), end: Math.min(text.length, e.end - lead) }))
    .map((e) => ({ ...e, start: e.start + (text.slice(e.start, e.end).length - text.slice(e.start, e.end).trimStart().length) }))
    .map((e) => ({ ...e, end: e.end - (text.slice(e.start, e.end).length - text.slice(e.start, e.end).trimEnd().length) }))
    .filter((e) => e.end > e.start)
    .sort((a, b) => a.start - b.start);
  return { text, emphasis: spans };
}
