import type { Layer, Scene } from '../layout/scene.ts';
import type { Timeline } from '../model/types.ts';
import { renderPdf, type PdfImages } from './pdf.ts';

/**
 * LinkedIn's document carousel: the slides as the pages of one PDF, 1080 x 1350 pt (LinkedIn
 * shows a point as a pixel, so each page swipes like a 1080 x 1350 slide). The PDF writer sets
 * the text as real text in the shipped fonts and tags it, as it does for print.
 */

/**
 * The print writer leaves the page as paper when there is no bleed; a slide is a screen, so
 * its background is drawn as a shape (a decoration layer) and the page is given none.
 */
function onScreen(scene: Scene): Scene {
  const background: Layer = {
    role: 'decoration',
    x: 0,
    y: 0,
    svg: `<rect width="${scene.width}" height="${scene.height}" fill="${scene.background}"/>`,
  };
  return { ...scene, background: 'transparent', layers: [background, ...scene.layers] };
}

export interface CarouselPdfOptions {
  creationDate: Date;
  images: PdfImages;
  onWarning?: (message: string) => void;
}

/** The slides (cover first) as PDF bytes; `zoom` is the points per layout pixel that make a page 1080 pt wide. */
export function renderCarouselPdf(
  timeline: Timeline,
  scenes: readonly Scene[],
  zoom: number,
  options: CarouselPdfOptions,
): Promise<Buffer> {
  const warn = options.onWarning ?? (() => {});
  return renderPdf(
    scenes.map(onScreen),
    {
      title: timeline.title,
      ...(timeline.credit ? { author: timeline.credit } : {}),
      ...(timeline.dek ? { subject: timeline.dek } : {}),
      creationDate: options.creationDate,
    },
    { scale: zoom, bleed: 0, cropMarks: false, cmyk: false },
    options.images,
    // The print resolution warning does not apply to a document read on screen; the one for missing alt text does.
    (message) => {
      if (!/ ppi /.test(message)) warn(message);
    },
  );
}
