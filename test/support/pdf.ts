import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfReadBack {
  pages: number;
  /** Each page's text, words joined by single spaces. */
  pageTexts: string[];
  info: Record<string, unknown>;
  pageSizes: Array<[number, number]>;
}

/** Reads a PDF with pdf.js, a parser independent of pdfkit that wrote it. */
export async function readPdf(bytes: Uint8Array): Promise<PdfReadBack> {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const pageTexts: string[] = [];
  const pageSizes: Array<[number, number]> = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    const words = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
    pageTexts.push(normalise(words));
    const [x0, y0, x1, y1] = page.view as [number, number, number, number];
    pageSizes.push([x1 - x0, y1 - y0]);
  }
  const { info } = await doc.getMetadata();
  await doc.destroy();
  return { pages: doc.numPages, pageTexts, info: info as Record<string, unknown>, pageSizes };
}

/** Collapses white space so that phrases compare regardless of line breaks. */
export function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
