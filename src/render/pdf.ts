import PDFDocument from 'pdfkit';
import type { Scene } from '../layout/scene.ts';
import { parsePaint, SvgToPdf, type Doc, type Rgba } from './svg-pdf.ts';

export interface PdfMeta {
  title: string;
  author?: string;
  subject?: string;
  /** Fixed so that the same input gives the same bytes. */
  creationDate: Date;
  lang?: string;
}

function paintRgb(doc: Doc, color: Rgba, kind: 'fill' | 'stroke'): void {
  if (kind === 'fill') doc.fillColor(color.rgb, color.alpha);
  else doc.strokeColor(color.rgb, color.alpha);
}

/**
 * Scenes as PDF pages of `pageWidth` x `pageHeight` points; `scale` points per layout pixel.
 * Text stays real text in the shipped fonts, subset-embedded by pdfkit.
 */
export function renderPdf(scenes: Scene[], meta: PdfMeta, scale: number): Promise<Buffer> {
  const doc = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    pdfVersion: '1.7',
    lang: meta.lang ?? 'en',
    displayTitle: true,
    info: {
      Title: meta.title,
      ...(meta.author ? { Author: meta.author } : {}),
      ...(meta.subject ? { Subject: meta.subject } : {}),
      Creator: 'timeline-render',
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
  const translator = new SvgToPdf(doc, paintRgb);
  for (const scene of scenes) {
    doc.addPage({ size: [scene.width * scale, scene.height * scale], margin: 0 });
    doc.save();
    doc.scale(scale);
    const background = parsePaint(scene.background);
    if (background) {
      paintRgb(doc, background, 'fill');
      doc.rect(0, 0, scene.width, scene.height).fill();
    }
    for (const layer of scene.layers) translator.draw(layer.svg, layer.x, layer.y);
    doc.restore();
  }
  doc.end();
  return done;
}
