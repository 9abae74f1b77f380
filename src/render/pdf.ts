import { createHash, type Hash } from 'node:crypto';
import { UnsupportedFeatureError } from '../errors.ts';
import { layerPart, type Layer, type LayerRole, type Scene } from '../layout/scene.ts';
import type { ImageData, Timeline } from '../model/types.ts';
import { loadPressProfile, type PressProfile } from './press-color.ts';
import { parsePaint, SvgToPdf, type Doc, type Marker, type Paint, type Rgba, type RunStyle } from './svg-pdf.ts';

export interface PdfMeta {
  title: string;
  author?: string;
  subject?: string;
  /** Fixed so that the same input gives the same bytes. */
  creationDate: Date;
  lang?: string;
}

/** How the page is set for print; lengths in points. */
export interface PrintSetup {
  /** Points per layout pixel. */
  scale: number;
  /** The trim size in points, as asked (3.25 in is 234, not a sum back from pixels); by default each scene's size at `scale`. */
  page?: { width: number; height: number };
  /** Background extended past the trim on every side. */
  bleed: number;
  /** Trim marks outside the bleed; the media box grows to hold them. */
  cropMarks: boolean;
  /** Every colour as CMYK through a press profile, none as RGB: a PDF/X-4 file. */
  cmyk: boolean;
  /** The press profile (ICC file) to convert through and embed; the shipped FOGRA39 one by default. */
  outputIntent?: string;
}

/** An image the timeline names, as the PDF needs it: what it shows, and its size in pixels. */
export interface PdfImage {
  /** The path the data gave, for messages. */
  src: string;
  alt?: string;
  /** Pixels across, for the resolution it prints at. */
  width: number;
}

/** Images by the data URI the layout draws them with. */
export type PdfImages = ReadonlyMap<string, PdfImage>;

/** The timeline's photos as the PDF looks them up: by the data URI the layout draws. */
export function pdfImagesFor(timeline: Timeline, images: ReadonlyMap<string, ImageData> | undefined): PdfImages {
  const found = new Map<string, PdfImage>();
  for (const media of [timeline.photo, ...timeline.events.map((event) => event.media)]) {
    const image = media && images?.get(media.src);
    if (image && media) found.set(image.uri, { src: media.src, width: image.width, ...(media.alt ? { alt: media.alt } : {}) });
  }
  return found;
}

/** Below this many pixels per inch at its printed size, a photo looks soft in print. */
export const MIN_PPI = 150;

/** Looks up each image placed, and says once per image what a reader or the press would miss. */
class ImageInfo {
  private warned = new Set<string>();
  constructor(
    private readonly images: PdfImages,
    private readonly scale: number,
    private readonly warn: (message: string) => void,
  ) {}

  /** The image's alternative text, if it has one; `width` is its placed width in layout pixels. */
  placed(href: string, width: number): string | undefined {
    const image = this.images.get(href);
    if (!image) return undefined;
    const ppi = image.width / ((width * this.scale) / 72);
    this.once(
      `${image.src}|ppi`,
      ppi < MIN_PPI,
      () => `warning: ${image.src} prints at ${Math.round(ppi)} ppi in the PDF, under the ${MIN_PPI} ppi print needs; use a larger image.`,
    );
    this.once(
      `${image.src}|alt`,
      !image.alt,
      () => `warning: ${image.src} has no alt text: the PDF marks it as decoration, and a screen reader skips it. Add "alt" to its media.`,
    );
    return image.alt;
  }

  private once(key: string, when: boolean, message: () => string): void {
    if (!when || this.warned.has(key)) return;
    this.warned.add(key);
    this.warn(message());
  }
}

/** Crop marks start this far outside the bleed and are this long, per common press practice. */
const MARK_GAP = 3;
const MARK_LENGTH = 18;
const MARK_WIDTH = 0.25;

/** Type smaller than this (points) goes in two inks at most: misregistration blurs it on the press. */
const SMALL_TYPE = 9;

const WHITE: Rgba = { rgb: [255, 255, 255], alpha: 1 };
const sameRgb = (a: Rgba, b: Rgba) => a.rgb.every((v, i) => v === b.rgb[i]);

/**
 * How each colour goes into the file: RGB as it is, or CMYK through the press profile, with
 * black type set to overprint. Without a bleed the page colour is paper white: a desktop
 * printer cannot print to the edge, and a press would trim into the tint.
 */
function painter(doc: Doc, setup: PrintSetup, press: PressProfile | undefined, overprint: () => void, page: Rgba | undefined): Paint {
  return (_, color, kind, textSize) => {
    const paper = setup.bleed === 0 && page !== undefined && sameRgb(color, page) ? { ...WHITE, alpha: color.alpha } : color;
    let value: number[] = paper.rgb;
    if (press) {
      const cmyk = press.toCmyk(paper.rgb, textSize !== undefined && textSize * setup.scale < SMALL_TYPE);
      value = cmyk.map((v) => Math.round(v * 1000) / 10);
      // Solid black type prints over whatever is under it, so no white hairline shows where plates shift.
      if (textSize !== undefined && cmyk.join() === '0,0,0,1') overprint();
    }
    const colour = value as PDFKit.Mixins.ColorValue;
    if (kind === 'fill') doc.fillColor(colour, paper.alpha);
    else doc.strokeColor(colour, paper.alpha);
  };
}

/** Sets overprint for what follows (`/OP true /op true /OPM 1`); the caller's save/restore ends it. */
function overprintState(doc: Doc): () => void {
  let state: Ref | undefined;
  return () => {
    if (!state) {
      state = newRef(doc, { Type: 'ExtGState', OP: true, op: true, OPM: 1 });
      state.end();
    }
    (doc.page as unknown as { ext_gstates: Record<string, unknown> }).ext_gstates.GsOverprint = state;
    doc.addContent('/GsOverprint gs');
  };
}

type Struct = PDFKit.PDFStructureElement;

/** An indirect object as pdfkit 0.20 makes it (its types have end() take a chunk it does not need). */
interface Ref {
  data: Record<string, unknown>;
  write(chunk: Buffer): void;
  end(): void;
}

const newRef = (doc: Doc, data: Record<string, unknown>): Ref => doc.ref(data) as unknown as Ref;

/** Where a paragraph of text starts: another style of type, a gap wider than a line, or a list item. */
const PARAGRAPH_GAP = 1.6;

/** A paragraph being drawn: its runs' marked content, tagged when the paragraph ends. */
interface OpenParagraph {
  key: string;
  type: string;
  /** The baseline of its last line. */
  y: number;
  runs: Array<{ content: PDFKit.PDFStructureContent; emphasis: string; length: number }>;
}

/**
 * A paragraph's structure element: runs in the weight and slant most of its text is set in
 * sit in it directly, the others (emphasis) each in a Span, so bold words never split it.
 */
function paragraphElement(doc: Doc, paragraph: OpenParagraph): Struct {
  const lengths = new Map<string, number>();
  for (const run of paragraph.runs) lengths.set(run.emphasis, (lengths.get(run.emphasis) ?? 0) + run.length);
  const plain = [...lengths].sort((a, b) => b[1] - a[1])[0]![0];
  const element = doc.struct(paragraph.type);
  for (const run of paragraph.runs) element.add(run.emphasis === plain ? run.content : doc.struct('Span', {}, [run.content]));
  return element;
}

/**
 * Marks a layer's shapes as artifacts, its images as figures with their alternative text, and
 * its text as structure: a paragraph per block of text (emphasis as Span inside it), the
 * largest type of a header as its heading.
 */
function contentMarker(doc: Doc, element: Struct, layer: Layer, images: ImageInfo): Marker & { finish(): void } {
  const headingSize = largestFontSize(layer.svg);
  let paragraph: OpenParagraph | undefined;
  const startsParagraph = (run: RunStyle) =>
    paragraph?.key !== run.key || (run.lineStart && (run.y - paragraph.y > PARAGRAPH_GAP * run.size || run.text.startsWith('•')));
  const finish = () => {
    if (paragraph) element.add(paragraphElement(doc, paragraph));
    paragraph = undefined;
  };
  return {
    finish,
    shape(draw) {
      doc.markContent('Artifact', { type: 'Layout' });
      draw();
      doc.endMarkedContent();
    },
    image(href, width, draw) {
      const alt = images.placed(href, width);
      if (alt === undefined) {
        // With no alt text to give, an image is decoration to a screen reader, not a figure it cannot describe.
        doc.markContent('Artifact', { type: 'Layout' });
        draw();
        doc.endMarkedContent();
        return;
      }
      finish();
      const content = doc.markStructureContent('Figure');
      draw();
      doc.endMarkedContent();
      element.add(doc.struct('Figure', { alt }, [content]));
    },
    text(run, draw) {
      if (startsParagraph(run)) {
        finish();
        const type = layer.role === 'year' ? 'H2' : layer.role === 'header' && run.size >= headingSize ? 'H1' : 'P';
        paragraph = { key: run.key, type, y: run.y, runs: [] };
      }
      const open = paragraph!;
      open.y = run.y;
      const content = doc.markStructureContent(open.type);
      draw();
      doc.endMarkedContent();
      open.runs.push({ content, emphasis: run.emphasis, length: run.text.length });
    },
  };
}

function artifactMarker(doc: Doc, type: 'Layout' | 'Pagination'): Marker {
  const mark = (draw: () => void) => {
    doc.markContent('Artifact', { type });
    draw();
    doc.endMarkedContent();
  };
  return { shape: mark, image: (_, __, draw) => mark(draw), text: (_, draw) => mark(draw) };
}

const largestFontSize = (svg: string) => Math.max(0, ...[...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1])));

const STRUCTURE: Partial<Record<LayerRole, string>> = { header: 'Sect', event: 'Sect', year: 'Div', footer: 'Sect' };

function drawLayer(doc: Doc, translator: SvgToPdf, root: Struct, layer: Layer, images: ImageInfo): void {
  const type = STRUCTURE[layer.role];
  if (!type) {
    translator.draw(layer.svg, layer.x, layer.y, artifactMarker(doc, layer.role === 'running-head' ? 'Pagination' : 'Layout'));
    return;
  }
  const element = doc.struct(type);
  root.add(element);
  const marker = contentMarker(doc, element, layer, images);
  translator.draw(layer.svg, layer.x, layer.y, marker);
  marker.finish();
  element.end();
}

/** Trim marks at each corner, outside the bleed, in the registration colour: every separation prints them. */
function drawCropMarks(doc: Doc, offset: number, width: number, height: number, bleed: number): void {
  doc.markContent('Artifact', { type: 'Layout' });
  const spots = doc as unknown as {
    spotColors: Record<string, unknown>;
    addSpotColor(name: string, c: number, m: number, y: number, k: number): void;
  };
  if (!spots.spotColors.All) spots.addSpotColor('All', 100, 100, 100, 100);
  doc.save().lineWidth(MARK_WIDTH).strokeColor('All');
  const from = bleed + MARK_GAP;
  const to = from + MARK_LENGTH;
  for (const x of [offset, offset + width]) {
    for (const y of [offset, offset + height]) {
      const outX = x === offset ? -1 : 1;
      const outY = y === offset ? -1 : 1;
      doc
        .moveTo(x + outX * from, y)
        .lineTo(x + outX * to, y)
        .stroke();
      doc
        .moveTo(x, y + outY * from)
        .lineTo(x, y + outY * to)
        .stroke();
    }
  }
  doc.restore();
  doc.endMarkedContent();
}

let pdfkit: Promise<typeof import('pdfkit')> | undefined;

/**
 * pdfkit and its font engine, loaded once a process and only when a PDF is asked for (about
 * 0.15 s, more than setting a 120-event PDF takes once loaded).
 */
export async function loadPdfkit(): Promise<typeof import('pdfkit')> {
  pdfkit ??= import('pdfkit').then((module) => module.default);
  return pdfkit;
}

const xml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const xmpDate = (date: Date) => date.toISOString().replace(/\.\d+Z$/, 'Z');
const uuid = (hex: string) => `uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;

const PRODUCER = 'timeline-render (pdfkit)';
const CREATOR = 'timeline-render';

/**
 * The XMP packet, written to agree with the Info dictionary entry for entry (PDF/X and PDF/UA
 * checkers compare them): PDF/UA-1 always, PDF/X-4 for a CMYK file; the document ID is a hash
 * of the content, so the same input gives the same ID and different content a different one.
 */
function xmpPacket(meta: PdfMeta, pdfx: boolean, documentId: string): string {
  const date = xmpDate(meta.creationDate);
  const alt = (text: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${xml(text)}</rdf:li></rdf:Alt>`;
  return `<rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"${pdfx ? ' xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"' : ''}>
  <xmp:CreateDate>${date}</xmp:CreateDate>
  <xmp:ModifyDate>${date}</xmp:ModifyDate>
  <xmp:MetadataDate>${date}</xmp:MetadataDate>
  <xmp:CreatorTool>${CREATOR}</xmp:CreatorTool>
  <dc:format>application/pdf</dc:format>
  <dc:title>${alt(meta.title)}</dc:title>
  ${meta.author ? `<dc:creator><rdf:Seq><rdf:li>${xml(meta.author)}</rdf:li></rdf:Seq></dc:creator>` : ''}
  ${meta.subject ? `<dc:description>${alt(meta.subject)}</dc:description>` : ''}
  <dc:language><rdf:Bag><rdf:li>${xml(meta.lang ?? 'en')}</rdf:li></rdf:Bag></dc:language>
  <pdf:Producer>${PRODUCER}</pdf:Producer>
  <pdf:Trapped>False</pdf:Trapped>
  <xmpMM:DocumentID>${documentId}</xmpMM:DocumentID>
  <xmpMM:InstanceID>${documentId}</xmpMM:InstanceID>
  <xmpMM:VersionID>1</xmpMM:VersionID>
  <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
  <pdfuaid:part>1</pdfuaid:part>
  ${pdfx ? '<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>' : ''}
</rdf:Description>`;
}

/** The parts of pdfkit's document object this file reaches into; pdfkit 0.20 keeps them on the instance. */
interface DocInternals {
  _root: { data: Record<string, unknown> };
  _id: Buffer;
  _info: Ref;
  push(chunk: Uint8Array | null): boolean;
  _addInfo(): void;
  appendXML(xml: string): void;
  _finalize(): void;
}

/**
 * Makes the file's identity follow its content: every byte pdfkit writes is hashed, the XMP
 * document ID is taken from the hash before the metadata, and the trailer's /ID from it at the
 * end. pdfkit hashes only the Info dictionary, so every file with the same title and date
 * shared one /ID.
 */
function identifyByContent(doc: Doc, meta: PdfMeta, pdfx: boolean): void {
  const internals = doc as unknown as DocInternals;
  const hash: Hash = createHash('md5');
  const push = internals.push.bind(doc);
  internals.push = (chunk) => {
    if (chunk) hash.update(chunk);
    return push(chunk);
  };
  internals._addInfo = () => internals.appendXML(xmpPacket(meta, pdfx, uuid(hash.copy().digest('hex'))));
  const finalize = internals._finalize.bind(doc);
  internals._finalize = () => {
    internals._id = hash.copy().digest();
    finalize();
  };
  // Info entries that are names, not strings, which pdfkit's info option cannot give: set as the dictionary is written.
  let info: DocInternals['_info'] | undefined;
  Object.defineProperty(doc, '_info', {
    get: () => info,
    set(ref: DocInternals['_info']) {
      info = ref;
      const end = ref.end.bind(ref);
      ref.end = () => {
        ref.data.Trapped = 'False';
        if (pdfx) ref.data.GTS_PDFXVersion = new String('PDF/X-4');
        return end();
      };
    },
  });
}

/** The press profile embedded as the output intent: the condition every CMYK value in the file is for. */
function addOutputIntent(doc: Doc, press: PressProfile): void {
  const profile = newRef(doc, { N: 4 });
  profile.write(press.bytes);
  profile.end();
  const intent = newRef(doc, {
    Type: 'OutputIntent',
    S: 'GTS_PDFX',
    OutputConditionIdentifier: new String(press.condition),
    RegistryName: new String('http://www.color.org'),
    Info: new String(press.description),
    DestOutputProfile: profile,
  });
  intent.end();
  (doc as unknown as DocInternals)._root.data.OutputIntents = [intent];
}

/**
 * Scenes as PDF pages: each scene is the trim size at `scale` points per layout pixel. Text
 * stays real text in the shipped fonts, subset-embedded, tagged in reading order with real
 * spaces; images with alt text are figures; decoration is marked as artifacts (PDF/UA-1).
 * With `cmyk`, colours go through the press profile, which is embedded as the output intent
 * (PDF/X-4). With a bleed the background runs past the trim; TrimBox and BleedBox say where.
 */
export async function renderPdf(
  scenes: Scene[],
  meta: PdfMeta,
  setup: PrintSetup,
  images: PdfImages = new Map(),
  warn: (message: string) => void = () => {},
): Promise<Buffer> {
  const PDFDocument = await loadPdfkit();
  const press = setup.cmyk ? await loadPressProfile(setup.outputIntent) : undefined;
  if (setup.outputIntent && !setup.cmyk)
    warn(`warning: --output-intent ${setup.outputIntent} is for a CMYK file: without --cmyk the PDF stays RGB and names no press.`);
  const doc = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    // PDF/X-4 is PDF 1.6.
    pdfVersion: '1.6',
    tagged: true,
    lang: meta.lang ?? 'en',
    displayTitle: true,
    info: {
      Title: meta.title,
      ...(meta.author ? { Author: meta.author } : {}),
      ...(meta.subject ? { Subject: meta.subject } : {}),
      Creator: CREATOR,
      Producer: PRODUCER,
      CreationDate: meta.creationDate,
      ModDate: meta.creationDate,
    },
  });
  identifyByContent(doc, meta, press !== undefined);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const root = doc.struct('Document');
  doc.addStructure(root);
  const { scale, bleed } = setup;
  const imageInfo = new ImageInfo(images, scale, warn);
  const overprint = overprintState(doc);
  const offset = bleed + (setup.cropMarks ? MARK_GAP + MARK_LENGTH : 0);
  for (const scene of scenes) {
    const { width, height } = setup.page ?? { width: scene.width * scale, height: scene.height * scale };
    doc.addPage({ size: [width + 2 * offset, height + 2 * offset], margin: 0 });
    const boxes = doc.page.dictionary.data as Record<string, unknown>;
    boxes.TrimBox = [offset, offset, offset + width, offset + height];
    boxes.BleedBox = [offset - bleed, offset - bleed, offset + width + bleed, offset + height + bleed];
    const background = parsePaint(scene.background);
    const paint = painter(doc, setup, press, overprint, background);
    if (background && bleed > 0) {
      doc.markContent('Artifact', { type: 'Layout' });
      paint(doc, background, 'fill');
      doc.rect(offset - bleed, offset - bleed, width + 2 * bleed, height + 2 * bleed).fill();
      doc.endMarkedContent();
    }
    if (setup.cropMarks) drawCropMarks(doc, offset, width, height, bleed);
    doc.save();
    doc.translate(offset, offset);
    doc.scale(scale);
    const translator = new SvgToPdf(doc, paint);
    for (const layer of scene.layers) {
      try {
        drawLayer(doc, translator, root, layer, imageInfo);
      } catch (error) {
        // The writer sees only SVG; the layer knows which template part drew it.
        if (error instanceof UnsupportedFeatureError) error.part ??= layerPart(layer);
        throw error;
      }
    }
    doc.restore();
  }
  if (press) addOutputIntent(doc, press);
  root.end();
  doc.end();
  return done;
}
