import { DEFAULT_THEME, type Theme } from '../layout/theme.ts';
import { layoutTimeline, pageScenes, tallScene } from '../layout/scene.ts';
import type { Template } from '../layout/template-types.ts';
import type { Timeline } from '../model/types.ts';
import { verticalTemplate } from '../../templates/vertical.tsx';
import { renderPdf } from './pdf.ts';
import { renderPng } from './png.ts';

export type OutputFormat = 'png' | 'pdf';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['png', 'pdf'];

/** Width of the tall image's layout in CSS pixels; it is rasterised at `scale` times that. */
export const IMAGE_WIDTH = 1080;
const IMAGE_PADDING = 60;
/** PDF points per layout pixel: the theme's 24 px body text is set at 10 pt in print. */
const PRINT_SCALE = 10 / 24;
const POINTS_PER_INCH = 72;

export interface RenderOptions {
  formats?: readonly OutputFormat[];
  /** Device pixels per layout pixel of the tall PNG. */
  scale?: number;
  keepOrder?: boolean;
  template?: Template;
  theme?: Theme;
  /** Page size in points. */
  page?: { width: number; height: number };
  /** Page margin in points. */
  margin?: number;
  /** Creation date written into the PDF; fixed dates give identical bytes. */
  creationDate?: Date;
}

export interface RenderedOutputs {
  png?: Buffer;
  pdf?: Buffer;
}

export const LETTER = { width: 8.5 * POINTS_PER_INCH, height: 11 * POINTS_PER_INCH };

/** The creation date for the PDF: SOURCE_DATE_EPOCH when set (reproducible builds), else now. */
export function defaultCreationDate(env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  return env.SOURCE_DATE_EPOCH && Number.isFinite(epoch) ? new Date(epoch * 1000) : new Date();
}

/** Renders a checked timeline to the asked formats, as bytes; writing them is the caller's step. */
export async function renderTimeline(timeline: Timeline, options: RenderOptions = {}): Promise<RenderedOutputs> {
  const formats = options.formats ?? OUTPUT_FORMATS;
  const layoutOptions = { template: options.template ?? verticalTemplate, theme: options.theme ?? DEFAULT_THEME, keepOrder: options.keepOrder };
  const outputs: RenderedOutputs = {};
  if (formats.includes('png')) {
    const layout = await layoutTimeline(timeline, IMAGE_WIDTH, IMAGE_PADDING, layoutOptions);
    outputs.png = renderPng(tallScene(layout), options.scale ?? 2);
  }
  if (formats.includes('pdf')) {
    const page = options.page ?? LETTER;
    const margin = options.margin ?? POINTS_PER_INCH / 2;
    const layout = await layoutTimeline(timeline, page.width / PRINT_SCALE, margin / PRINT_SCALE, layoutOptions);
    const scenes = await pageScenes(layout, page.height / PRINT_SCALE);
    outputs.pdf = await renderPdf(scenes, {
      title: timeline.title,
      ...(timeline.credit ? { author: timeline.credit } : {}),
      ...(timeline.dek ? { subject: timeline.dek } : {}),
      creationDate: options.creationDate ?? defaultCreationDate(),
    }, PRINT_SCALE);
  }
  return outputs;
}
