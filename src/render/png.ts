import { Resvg } from '@resvg/resvg-js';
import { FONT_FACES } from '../fonts/index.ts';
import { sceneHasPhotos, sceneToSvg, type Scene } from '../layout/scene.ts';
import { encodePngBands, type Band } from './png-encode.ts';
import { NO_PROFILE, type Profiler } from '../profile.ts';

/** Device pixel rows drawn at once: a tall image is drawn band by band, so memory holds one band, not the image. */
const BAND_ROWS = 2048;

function rasterise(svg: string, scale: number): Band {
  const image = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: false, fontFiles: FONT_FACES.map((f) => f.file), defaultFontFamily: FONT_FACES[0]!.family },
    shapeRendering: 2,
    textRendering: 1,
  }).render();
  return { rgba: image.pixels, rows: image.height };
}

/**
 * A scene as PNG bytes at `scale` device pixels per layout pixel, losslessly compressed.
 * Only the shipped fonts are used. Each band is the scene's layers that reach into it, drawn
 * by resvg through a viewBox window.
 */
export async function renderPng(scene: Scene, scale: number, profile: Pick<Profiler, 'time'> = NO_PROFILE): Promise<Buffer> {
  const width = Math.round(scene.width * scale);
  const height = Math.round(scene.height * scale);
  const bandHeight = BAND_ROWS / scale;
  const bands = async function* (): AsyncIterable<Band> {
    for (let top = 0; top < scene.height; top += bandHeight) {
      const rows = Math.min(BAND_ROWS, height - Math.round(top * scale));
      const svg = sceneToSvg(scene, { top, height: rows / scale });
      yield await profile.time('rasterise', () => rasterise(svg, scale));
    }
  };
  return profile.time('encode', () => encodePngBands(width, height, bands, !sceneHasPhotos(scene)));
}
