
import type { Layer, LayerRole, Scene } from '../layout/scene.ts';
import { parsePaint, SvgToPdf, type Doc, type Marker, type Rgba, type RunStyle } from './svg-pdf.ts';

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
  /** Background extended past the trim on every side. */
  bleed: number;
  /** Trim marks outside the bleed; the media box grows to hold them. */
  cropMarks: boolean;
  /** Every colour as CMYK, none as RGB. */
  cmyk: boolean;
}

/** Crop marks start this far outside the bleed and are this long, per common press practice. */
const MARK_GAP = 3;
const MARK_LENGTH = 18;
const MARK_WIDTH = 0.25;

/** Naive RGB to CMYK (0-100), which a press's colour management refines; black stays pure K. */
export function rgbToCmyk([r, g, b]: [number, number, number]): [number, number, number, number] {
  const [rr, gg, bb] = [r / 255, g / 255, b / 255];
  const k = 1 - Math.max(rr, gg, bb);
  if (k >= 1) return [0, 0, 0, 100];
  const part = (v: number) => Math.round(((1 - v - k) / (1 - k)) * 1000) / 10;
  return [part(rr), part(gg), part(bb), Math.round(k * 1000) / 10];
}

function painter(cmyk: boolean): (doc: Doc, color: Rgba, kind: 'fill' | 'stroke') => void {
  return (doc, color, kind) => {
    const value = cmyk ? rgbToCmyk(color.rgb) : color.rgb;
    if (kind === 'fill') doc.fillColor(value, color.alpha);
    else doc.strokeColor(value, color.alpha);
  };
}

type Struct = PDFKit.PDFStructureElement;

/** Marks a layer's shapes as artifacts and its text as structure: paragraphs by style, the largest type of a header as its heading. */
function contentMarker(doc: Doc, element: Struct, role: LayerRole, headingSize: number): Marker {
  let paragraph: { key: string; type: string; struct: Struct } | undefined;
  return {
    shape(draw) {
      doc.markContent('Artifact', { type: 'Layout' });
      draw();
      doc.endMarkedContent();
    },
    text(style: RunStyle, draw) {
      if (paragraph?.key !== style.key) {
        const type = role === 'year' ? 'H2' : role === 'header' && style.size >= headingSize ? 'H1' : 'P';
        paragraph = { key: style.key, type, struct: doc.struct(type) };
        element.add(paragraph.struct);
      }
      const content = doc.markStructureContent(paragraph.type);
      draw();
      doc.endMarkedContent();
      paragraph.struct.add(content);
    },
  };
}

function artifactMarker(doc: Doc, type: 'Layout' | 'Pagination'): Marker {
  const mark = (draw: () => void) => {
    doc.markContent('Artifact', { type });
    draw();
    doc.endMarkedContent();
  };
  return { shape: mark, text: (_, draw) => mark(draw) };
}

const largestFontSize = (svg: string) => Math.max(0, ...[...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1])));

const STRUCTURE: Partial<Record<LayerRole, string>> = { header: 'Sect', event: 'Sect', year: 'Div', footer: 'Sect' };

function drawLayer(doc: Doc, translator: SvgToPdf, root: Struct, layer: Layer): void {
  const type = STRUCTURE[layer.role];
  if (!type) {
    translator.draw(layer.svg, layer.x, layer.y, artifactMarker(doc, layer.role === 'running-head' ? 'Pagination' : 'Layout'));
    return;
  }
  const element = doc.struct(type);
  root.add(element);
  translator.draw(layer.svg, layer.x, layer.y, contentMarker(doc, element, layer.role, largestFontSize(layer.svg)));
  element.end();
}

/** Trim marks at each corner, outside the bleed, in registration colour (all four inks). */
function drawCropMarks(doc: Doc, offset: number, width: number, height: number, bleed: number): void {
  doc.markContent('Artifact', { type: 'Layout' });
  doc.save().lineWidth(MARK_WIDTH).strokeColor([100, 100, 100, 100]);
  const from = bleed + MARK_GAP;
  const to = from + MARK_LENGTH;
  for (const x of [offset, offset + width]) {
    for (const y of [offset, offset + height]) {
      const outX = x === offset ? -1 : 1;
      const outY = y === offset ? -1 : 1;
      doc.moveTo(x + outX * from, y).lineTo(x + outX * to, y).stroke();
      doc.moveTo(x, y + outY * from).lineTo(x, y + outY * to).stroke();
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

/**
 * Scenes as PDF pages: each scene is the trim size at `scale` points per layout pixel. Text
 * stays real text in the shipped fonts, subset-embedded, tagged in reading order; decoration is
 * marked as artifacts. With a bleed the background runs past the trim; TrimBox and BleedBox say where.
 */
export async function renderPdf(scenes: Scene[], meta: PdfMeta, setup: PrintSetup): Promise<Buffer> {
  const PDFDocument = await loadPdfkit();
  const doc = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    pdfVersion: '1.7',
    tagged: true,
    lang: meta.lang ?? 'en',
    displayTitle: true,
    info: {
      Title: meta.title,
      ...(meta.author ? { Author: meta.author } : {}),
      ...(meta.subject ? { Subject: meta.subject } : {}),
      Creator: 'timeline-render',
      Producer: 'timeline-render (pdfkit)',
      CreationDate: meta.creationDate,
      ModDate: meta.creationDate,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const paint = painter(setup.cmyk);
  const translator = new SvgToPdf(doc, paint);
  const root = doc.struct('Document');
  doc.addStructure(root);
  const { scale, bleed } = setup;
  const offset = bleed + (setup.cropMarks ? MARK_GAP + MARK_LENGTH : 0);
  for (const scene of scenes) {
    const [width, height] = [scene.width * scale, scene.height * scale];
    doc.addPage({ size: [width + 2 * offset, height + 2 * offset], margin: 0 });
    const boxes = doc.page.dictionary.data as Record<string, unknown>;
    boxes.TrimBox = [offset, offset, offset + width, offset + height];
    boxes.BleedBox = [offset - bleed, offset - bleed, offset + width + bleed, offset + height + bleed];
    const background = parsePaint(scene.background);
    if (background) {
      doc.markContent('Artifact', { type: 'Layout' });
      paint(doc, background, 'fill');
      doc.rect(offset - bleed, offset - bleed, width + 2 * bleed, height + 2 * bleed).fill();
      doc.endMarkedContent();
    }
    if (setup.cropMarks) drawCropMarks(doc, offset, width, height, bleed);
    doc.save();
    doc.translate(offset, offset);
    doc.scale(scale);
    for (const layer of scene.layers) drawLayer(doc, translator, root, layer);
    doc.restore();
  }
  root.end();
  doc.end();
  return done;
}
