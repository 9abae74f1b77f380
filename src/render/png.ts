import { Resvg } from '@resvg/resvg-js';
import { FONT_FACES } from '../fonts/index.ts';
import { sceneToSvg, type Scene } from '../layout/scene.ts';
import { encodePng } from './png-encode.ts';
import { NO_PROFILE, type Profiler } from '../profile.ts';

/** A scene as PNG bytes at `scale` device pixels per layout pixel, losslessly compressed. Only the shipped fonts are used. */
export async function renderPng(scene: Scene, scale: number, profile: Pick<Profiler, 'time'> = NO_PROFILE): Promise<Buffer> {
  const image = await profile.time('rasterise', () => new Resvg(sceneToSvg(scene), {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: false, fontFiles: FONT_FACES.map((f) => f.file), defaultFontFamily: FONT_FACES[0]!.family },
    shapeRendering: 2,
    textRendering: 1,
  }).render());
  return profile.time('encode', () => encodePng(image.pixels, image.width, image.height));
}
