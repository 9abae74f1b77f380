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

export interface TextItem {
  text: string;
  /** Advance of the whole string in points, as pdf.js computes it from the font's widths and the TJ adjustments. */
  width: number;
  size: number;
  /** The embedded font's PostScript name, without the subset tag. */
  font: string;
}

/** The text items of every page, with the font and size each is set in. */
export async function readTextItems(bytes: Uint8Array): Promise<TextItem[]> {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const items: TextItem[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    // Loads the page's fonts into commonObjs, where their names are.
    await page.getOperatorList();
    for (const item of (await page.getTextContent()).items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const font = (page.commonObjs.get(item.fontName) as { name: string }).name.replace(/^[A-Z]{6}\+/, '');
      items.push({ text: item.str, width: item.width, size: Math.hypot(item.transform[0], item.transform[1]), font });
    }
  }
  await doc.destroy();
  return items;
}
