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

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, code: string) => {
    if (code[0] === '#')
      return String.fromCodePoint(code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : Number(code.slice(1)));
    return ENTITIES[code] ?? whole;
  });
}

const isSpace = (code: number): boolean => code === 32 || code === 10 || code === 9 || code === 13;

interface AttributeRun {
  attrs: Attrs;
  /** Where the run stopped: at the tag's `>`, or at the end of the text. */
  end: number;
  selfClosing: boolean;
}

/** Reads `name="value"` pairs from `from` up to a `>` or the end of the text, values decoded. */
function readAttributes(text: string, from: number, tag: string): AttributeRun {
  const attrs: Attrs = {};
  let end = from;
  let selfClosing = false;
  for (;;) {
    while (isSpace(text.charCodeAt(end))) end++;
    const char = text[end];
    if (char === undefined || char === '>') return { attrs, end, selfClosing };
    if (char === '/') {
      selfClosing = true;
      end++;
      continue;
    }
    const equals = text.indexOf('="', end);
    const close = equals < 0 ? -1 : text.indexOf('"', equals + 2);
    if (close < 0) throw new Error(`Unterminated attribute in <${tag}> in the SVG`);
    attrs[text.slice(end, equals)] = decodeEntities(text.slice(equals + 2, close));
    end = close + 1;
  }
}

/** The attributes written in a tag (the text after its name), values decoded. */
export function parseAttrs(text: string): Attrs {
  return readAttributes(text, 0, 'text').attrs;
}

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
    const { attrs, end: close, selfClosing } = readAttributes(svg, end, name);
    if (close >= svg.length) throw new Error(`Unterminated <${name}> tag in the SVG`);
    const next = svg.indexOf('<', close + 1);
    const text = svg.slice(close + 1, next < 0 ? svg.length : next);
    yield { closing, name, attrs, selfClosing, text: decodeEntities(text) };
    at = next;
  }
}
