/** A scanner for the small, regular SVG that satori and the scene composer write: not a general XML parser. */

export type Attrs = Record<string, string>;

export interface Tag {
  name: string;
  attrs: Attrs;
  closing: boolean;
  selfClosing: boolean;
  /** Text content that follows the tag up to the next tag. */
  text: string;
}

const ATTR = /([\w:-]+)="([^"]*)"/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, code: string) => {
    if (code[0] === '#') return String.fromCodePoint(code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : Number(code.slice(1)));
    return ENTITIES[code] ?? whole;
  });
}

/** The attributes written in a tag, values decoded. */
export function parseAttrs(text: string): Attrs {
  const attrs: Attrs = {};
  for (const a of text.matchAll(ATTR)) attrs[a[1]!] = decodeEntities(a[2]!);
  return attrs;
}

const isSpace = (code: number): boolean => code === 32 || code === 10 || code === 9 || code === 13;

/**
 * The tags of the SVG in order, each with the text that follows it. A hand scanner: a regular
 * expression over each tag and its attributes took a sixth of the PDF's time.
 */
export function* tags(svg: string): Generator<Tag> {
  let at = svg.indexOf('<');
  while (at >= 0) {
    const closing = svg.charCodeAt(at + 1) === 47;
    let end = at + (closing ? 2 : 1);
    if (!/[a-zA-Z]/.test(svg[end] ?? '')) {
      // A declaration or comment: nothing to draw.
      at = svg.indexOf('<', svg.indexOf('>', end));
      continue;
    }
    while (end < svg.length && !isSpace(svg.charCodeAt(end)) && svg[end] !== '>' && svg[end] !== '/') end++;
    const name = svg.slice(at + (closing ? 2 : 1), end);
    const attrs: Attrs = {};
    let selfClosing = false;
    for (;;) {
      while (isSpace(svg.charCodeAt(end))) end++;
      const char = svg[end];
      if (char === undefined) throw new Error(`Unterminated <${name}> tag in the SVG`);
      if (char === '>') break;
      if (char === '/') { selfClosing = true; end++; continue; }
      const equals = svg.indexOf('="', end);
      const close = equals < 0 ? -1 : svg.indexOf('"', equals + 2);
      if (close < 0) throw new Error(`Unterminated attribute in <${name}> in the SVG`);
      attrs[svg.slice(end, equals)] = decodeEntities(svg.slice(equals + 2, close));
      end = close + 1;
    }
    const next = svg.indexOf('<', end + 1);
    const text = svg.slice(end + 1, next < 0 ? svg.length : next);
    yield { closing, name, attrs, selfClosing, text: decodeEntities(text) };
    at = next;
  }
}
