import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';

export type Box = [number, number, number, number];

export interface PdfStructure {
  pages: Array<{ media: Box; trim: Box; bleed: Box }>;
  /** Structure element types in document order (S of each element). */
  structTypes: string[];
  marked: boolean;
  lang?: string;
  displayTitle: boolean;
  /** Every page's content stream, decoded. */
  contents: string[];
}

const box = (b: { x: number; y: number; width: number; height: number }): Box => [b.x, b.y, b.x + b.width, b.y + b.height];

function structTypes(doc: PDFDocument, node: PDFObject | undefined, out: string[]): void {
  const value = node instanceof PDFRef ? doc.context.lookup(node) : node;
  if (value instanceof PDFArray) {
    for (let i = 0; i < value.size(); i++) structTypes(doc, value.get(i), out);
  } else if (value instanceof PDFDict) {
    const type = value.get(PDFName.of('S'));
    if (type instanceof PDFName) out.push(type.decodeText());
    structTypes(doc, value.get(PDFName.of('K')), out);
  }
}

/** Reads page boxes, tags and content streams with pdf-lib, a parser independent of pdfkit. */
export async function readStructure(bytes: Uint8Array): Promise<PdfStructure> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const catalog = doc.catalog;
  const root = catalog.lookup(PDFName.of('StructTreeRoot'));
  const types: string[] = [];
  if (root instanceof PDFDict) structTypes(doc, root.get(PDFName.of('K')), types);
  const markInfo = catalog.lookup(PDFName.of('MarkInfo'));
  const prefs = catalog.lookup(PDFName.of('ViewerPreferences'));
  const lang = catalog.lookup(PDFName.of('Lang'));
  const contents = doc.getPages().map((page) => {
    const refs = page.node.Contents();
    const streams = refs instanceof PDFArray ? refs.asArray() : refs ? [refs] : [];
    return streams
      .map((s) => {
        const stream = s instanceof PDFRef ? doc.context.lookup(s) : s;
        return stream instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1') : '';
      })
      .join('\n');
  });
  return {
    pages: doc.getPages().map((p) => ({ media: box(p.getMediaBox()), trim: box(p.getTrimBox()), bleed: box(p.getBleedBox()) })),
    structTypes: types,
    marked: markInfo instanceof PDFDict && String(markInfo.get(PDFName.of('Marked'))) === 'true',
    ...(lang ? { lang: String(lang) } : {}),
    displayTitle: prefs instanceof PDFDict && String(prefs.get(PDFName.of('DisplayDocTitle'))) === 'true',
    contents,
  };
}
