import { UnsupportedFeatureError } from '../errors.ts';
import { findFace } from '../fonts/index.ts';
import { parsedFont } from '../fonts/parsed.ts';
import { showText } from './pdf-text.ts';
import { tags, type Attrs, type Tag } from './svg-tags.ts';

/**
 * Draws the SVG that satori and the scene composer write onto a pdfkit page: groups with
 * translate and clip paths; rect, circle, path and polygon shapes; positioned `<text>` words.
 * It is not a general SVG renderer: anything else is refused, so the PDF never drops silently
 * what the PNG shows.
 */

export interface Rgba {
  rgb: [number, number, number];
  alpha: number;
}

/** An SVG paint as RGB and alpha; undefined for none or transparent. */
export function parsePaint(paint: string | undefined): Rgba | undefined {
  if (!paint || paint === 'none' || paint === 'transparent') return undefined;
  let m = paint.match(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i);
  if (m) {
    const hex = m[1]!.length === 3 ? m[1]!.replace(/./g, (c) => c + c) : m[1]!;
    return { rgb: [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number], alpha: 1 };
  }
  m = paint.match(/^rgba?\(([^)]*)\)$/i);
  if (m) {
    const [r, g, b, a] = m[1]!.split(/[\s,/]+/).map(Number);
    return { rgb: [r ?? 0, g ?? 0, b ?? 0], alpha: a ?? 1 };
  }
  if (paint === 'white') return { rgb: [255, 255, 255], alpha: 1 };
  if (paint === 'black') return { rgb: [0, 0, 0], alpha: 1 };
  if (paint.startsWith('url(')) throw new UnsupportedFeatureError('backgroundImage (a gradient)');
  throw new Error(`Unsupported colour in the PDF renderer: ${paint}`);
}

// satori names its filters by what they draw (block.ts swaps its `satori` prefix for the block's
// own): `…_s-id…` a shadow (a box's when the group is also masked to the box's outside: `…_ms-id…`),
// `…_f-id…` a CSS filter.
function filteredFeature(attrs: Attrs): string {
  if (attrs.filter!.includes('_s-id')) return attrs.mask?.includes('_ms-id') ? 'boxShadow' : 'textShadow';
  if (attrs.filter!.includes('_f-id')) return 'filter';
  return `an SVG filter (${attrs.filter})`;
}

/** The subset of pdfkit this translator uses: easy to wrap for tagging or colour conversion. */
export type Doc = PDFKit.PDFDocument;

/** Text runs: words satori placed side by side on one baseline in one style, drawn as one string. */
interface Run {
  x: number;
  y: number;
  end: number;
  text: string;
  style: string;
  attrs: Attrs;
  /** Drawn with a space before it, in the gap: satori leaves out the space between words it places apart. */
  leadingSpace: boolean;
}

/** Where the last run drawn ended, in the current frame. */
interface Drawn {
  y: number;
  end: number;
  text: string;
}

function shapePath(tag: Tag): string | undefined {
  const a = tag.attrs;
  const n = (k: string) => Number(a[k] ?? 0);
  switch (tag.name) {
    case 'path':
      return a.d;
    case 'rect': {
      const [x, y, w, h] = [n('x'), n('y'), n('width'), n('height')];
      return `M${x},${y} h${w} v${h} h${-w} Z`;
    }
    case 'circle': {
      const [cx, cy, r] = [n('cx'), n('cy'), n('r')];
      return `M${cx - r},${cy} a${r},${r} 0 1 0 ${2 * r},0 a${r},${r} 0 1 0 ${-2 * r},0 Z`;
    }
    case 'polygon':
      return 'M' + (a.points ?? '').trim().split(/\s+/).join(' L') + ' Z';
    default:
      return undefined;
  }
}

/** The advance of a space in a face at a size, with the letter-spacing set. */
function spaceWidth(file: string, size: number, spacing: number): number {
  const font = parsedFont(file);
  return (font.layout(' ').advanceWidth * size) / font.unitsPerEm + spacing;
}

const TRANSLATE = /^translate\(\s*([-\d.e]+)[\s,]+([-\d.e]+)\s*\)$/;

/** A run of text as tagging sees it: which kind of text it is, where, and whether it is emphasis. */
export interface RunStyle {
  /** Family, size and colour: runs that differ only in weight or slant are one paragraph's emphasis. */
  key: string;
  /** Weight and slant. */
  emphasis: string;
  size: number;
  /** The baseline, in the layer's pixels. */
  y: number;
  /** The first run on its line. */
  lineStart: boolean;
  text: string;
}

/**
 * Text after which a line breaks with no space to lose: a space itself, a hyphen or dash, a
 * slash, an ellipsis ("ISIS…without"), or Chinese, Japanese and Korean, written without spaces.
 */
const BREAKS_WITHOUT_SPACE = /[\s\-‐–—/…\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]$/;

/** Two runs of one kind of text (family, size, colour): lines of one paragraph, or of one heading. */
const sameKind = (a: Attrs, b: Attrs): boolean => runStyle(a).key === runStyle(b).key;

/** The paragraph key and emphasis of a `<text>` element's attributes. */
export function runStyle(a: Attrs): { key: string; emphasis: string } {
  return {
    key: [a['font-family'], a['font-size'], a.fill].join('|'),
    emphasis: [a['font-weight'] ?? 'normal', a['font-style'] ?? 'normal'].join('|'),
  };
}

/**
 * Wraps each drawing operation, so a tagged PDF can mark shapes as artifacts, images as
 * figures and text as structure content. Untagged, each just draws.
 */
export interface Marker {
  shape(draw: () => void): void;
  /** An image from `href`, placed `width` layout pixels wide. */
  image(href: string, width: number, draw: () => void): void;
  text(style: RunStyle, draw: () => void): void;
}

export const UNMARKED: Marker = { shape: (draw) => draw(), image: (_, __, draw) => draw(), text: (_, draw) => draw() };

/** Sets a fill or stroke colour; `textSize` (layout pixels) when the fill is for type. */
export type Paint = (doc: Doc, color: Rgba, kind: 'fill' | 'stroke', textSize?: number) => void;

export class SvgToPdf {
  private clips = new Map<string, Array<{ d: string; rule: string }>>();
  private masks = new Map<string, Tag[]>();
  private run: Run | undefined;
  private marker: Marker = UNMARKED;
  /** The last run drawn: a run on another baseline starts a line, one further along needs a space. */
  private lastDrawn: Drawn | undefined;

  constructor(
    private readonly doc: Doc,
    private readonly paint: Paint,
  ) {}

  /** Draws one layer's SVG content at (x, y) of the current coordinate system. */
  draw(svg: string, x: number, y: number, marker: Marker = UNMARKED): void {
    this.marker = marker;
    this.lastDrawn = undefined;
    const doc = this.doc;
    doc.save();
    doc.translate(x, y);
    let defsDepth = 0;
    let maskId: string | undefined;
    const groups: boolean[] = [];
    let clipId: string | undefined;
    for (const tag of tags(svg)) {
      if (tag.closing) {
        if (tag.name === 'defs') defsDepth--;
        else if (tag.name === 'mask') maskId = undefined;
        else if (tag.name === 'clipPath') clipId = undefined;
        else if (tag.name === 'g' && groups.pop()) {
          this.flush();
          doc.restore();
          this.lastDrawn = undefined;
        }
        continue;
      }
      const opens = !tag.selfClosing;
      if (tag.name === 'defs') {
        if (opens) defsDepth++;
        continue;
      }
      if (tag.name === 'mask') {
        this.masks.set(tag.attrs.id!, []);
        if (opens) maskId = tag.attrs.id;
        continue;
      }
      if (maskId !== undefined) {
        this.masks.get(maskId)!.push(tag);
        continue;
      }
      if (tag.name === 'filter' || tag.name.startsWith('fe')) continue;
      if (tag.name === 'clipPath') {
        clipId = tag.attrs.id;
        this.clips.set(clipId!, []);
        continue;
      }
      if (clipId !== undefined) {
        const d = shapePath(tag);
        if (d) this.clips.get(clipId)!.push({ d, rule: tag.attrs['clip-rule'] ?? 'nonzero' });
        continue;
      }
      if (defsDepth > 0) continue;
      if (tag.attrs.filter) throw new UnsupportedFeatureError(filteredFeature(tag.attrs));
      if (tag.name === 'g') {
        const opensGroup = opens && this.openGroup(tag.attrs);
        if (opens) groups.push(opensGroup);
      } else if (tag.name === 'text') {
        this.addWord(tag);
      } else if (tag.name === 'image') {
        this.image(tag.attrs);
      } else if (tag.name !== 'svg') {
        this.shape(tag);
      }
    }
    this.flush();
    doc.restore();
  }

  private openGroup(attrs: Attrs): boolean {
    if (!attrs.transform && !attrs['clip-path'] && !attrs.mask) return false;
    this.flush();
    this.lastDrawn = undefined;
    this.doc.save();
    if (attrs.transform) {
      const m = attrs.transform.match(TRANSLATE);
      if (!m) throw new UnsupportedFeatureError('transform (other than a move)');
      this.doc.translate(Number(m[1]), Number(m[2]));
    }
    if (attrs['clip-path']) this.clip(attrs['clip-path']);
    if (attrs.mask) this.maskAsClip(attrs.mask);
    return true;
  }

  /**
   * satori masks each image and overflow box with a white rectangle: a rectangular clip. Any
   * other mask (shadows, opacity) is refused rather than drawn wrong.
   */
  private maskAsClip(reference: string): void {
    const id = reference.match(/^url\(#(.+)\)$/)?.[1];
    const shapes = id ? this.masks.get(id) : undefined;
    const white = (t: Tag) => t.name === 'rect' && /^(#fff|#ffffff|white)$/i.test(t.attrs.fill ?? '');
    if (!shapes?.every(white))
      throw new UnsupportedFeatureError('a mask that is not a plain rectangle (an inset boxShadow, or clipping a rounded box)');
    for (const rect of shapes) this.doc.path(shapePath(rect)!).clip();
  }

  private clip(reference: string): void {
    const id = reference.match(/^url\(#(.+)\)$/)?.[1];
    const shapes = id ? this.clips.get(id) : undefined;
    if (!shapes) throw new Error(`Unknown clip path in the PDF renderer: ${reference}`);
    for (const { d, rule } of shapes) this.doc.path(d).clip(rule === 'evenodd' ? 'even-odd' : 'non-zero');
  }

  /** A raster image from a data URI; pdfkit embeds each distinct URI once. */
  private image(a: Attrs): void {
    const href = a.href ?? a['xlink:href'];
    if (!href?.startsWith('data:image/')) throw new Error('The PDF renderer draws only images given as data URIs');
    this.flush();
    const [x, y, width, height] = ['x', 'y', 'width', 'height'].map((k) => Number(a[k] ?? 0));
    this.marker.image(href, width!, () => {
      this.doc.save();
      if (a['clip-path']) this.clip(a['clip-path']);
      if (a.mask) this.maskAsClip(a.mask);
      this.doc.image(href, x!, y!, { width: width!, height: height! });
      this.doc.restore();
    });
  }

  private shape(tag: Tag): void {
    const d = shapePath(tag);
    if (d === undefined) throw new Error(`Unsupported SVG element in the PDF renderer: <${tag.name}>`);
    this.flush();
    const a = tag.attrs;
    const fill = parsePaint(a.fill ?? (tag.name === 'path' || tag.name === 'rect' ? '#000' : undefined));
    const stroke = parsePaint(a.stroke);
    const strokeWidth = Number(a['stroke-width'] ?? 1);
    const drawsStroke = stroke !== undefined && strokeWidth > 0;
    if (!fill && !drawsStroke) return;
    const doc = this.doc;
    this.marker.shape(() => {
      doc.save();
      if (a['clip-path']) this.clip(a['clip-path']);
      if (a.mask) this.maskAsClip(a.mask);
      doc.path(d);
      if (fill) this.paint(doc, fill, 'fill');
      if (drawsStroke) {
        this.paint(doc, stroke, 'stroke');
        doc.lineWidth(strokeWidth);
      }
      if (fill && drawsStroke) doc.fillAndStroke();
      else if (fill) doc.fill(a['fill-rule'] === 'evenodd' ? 'even-odd' : 'non-zero');
      else doc.stroke();
      doc.restore();
    });
  }

  private addWord(tag: Tag): void {
    const a = tag.attrs;
    const style = [a['font-family'], a['font-weight'], a['font-style'], a['font-size'], a.fill, a['letter-spacing'], a.y].join('|');
    const x = Number(a.x);
    const width = Number(a.width ?? 0);
    const run = this.run;
    if (run && run.style === style && Math.abs(run.end - x) < 0.5) {
      run.text += tag.text;
      run.end = x + width;
      return;
    }
    // Words apart on one line (round emphasis, legend entries) still read as two words, and so do
    // the last word of a line and the first of the next, where satori drops the space it broke at.
    const y = Number(a.y);
    const before = run ?? this.lastDrawn;
    const open = before !== undefined && !BREAKS_WITHOUT_SPACE.test(before.text);
    const gap = open && before.y === y && x > before.end + 0.5;
    const lineBreak = open && run !== undefined && run.y !== y && sameKind(run.attrs, a);
    if ((gap || lineBreak) && run) run.text += ' ';
    this.flush();
    this.run = { x, y, end: x + width, text: tag.text, style, attrs: a, leadingSpace: gap && !run };
  }

  /**
   * Draws the run as one string, spaces included: the space that ends a line, or that follows a
   * word kerned against it, is the only word gap a screen reader or text extractor sees.
   */
  private flush(): void {
    const run = this.run;
    this.run = undefined;
    if (!run || run.text === '') return;
    const a = run.attrs;
    const face = findFace(a['font-family'] ?? '', a['font-weight'], a['font-style']);
    const doc = this.doc;
    const color = parsePaint(a.fill ?? '#000');
    if (!color) return;
    const size = Number(a['font-size']);
    const lineStart = this.lastDrawn?.y !== run.y;
    this.lastDrawn = { y: run.y, end: run.end, text: run.text };
    const spacing = Number(a['letter-spacing'] ?? 0);
    const text = run.leadingSpace ? ' ' + run.text : run.text;
    const x = run.leadingSpace ? run.x - spaceWidth(face.file, size, spacing) : run.x;
    this.marker.text({ ...runStyle(a), size, y: run.y, lineStart, text }, () => {
      // The colour (and overprint, for black type) stays with this run.
      doc.save();
      this.paint(doc, color, 'fill', size);
      showText(doc, face.file, size, x, run.y, text, spacing);
      doc.restore();
    });
  }
}
