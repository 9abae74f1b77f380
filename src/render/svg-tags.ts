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

const TAG = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>([^<]*)/g;
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

export function* tags(svg: string): Generator<Tag> {
  for (const m of svg.matchAll(TAG)) {
    yield { closing: m[1] === '/', name: m[2]!, attrs: parseAttrs(m[3]!), selfClosing: m[4] === '/', text: decodeEntities(m[5]!) };
  }
}
