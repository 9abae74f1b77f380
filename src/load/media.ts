import { readFile, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.ts';
import type { Diagnostic, ImageData, Media, Timeline } from '../model/types.ts';

export type { ImageData } from '../model/types.ts';

/** Images larger than this are refused: a photo for a card needs far less. */
export const MAX_IMAGE_BYTES = 8 * 1024 * 1024;

function pngSize(bytes: Buffer): [number, number] | undefined {
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return png && bytes.length > 24 ? [bytes.readUInt32BE(16), bytes.readUInt32BE(20)] : undefined;
}

/** Width and height from a JPEG's start-of-frame segment. */
function jpegSize(bytes: Buffer): [number, number] | undefined {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 9 < bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    const length = bytes.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return [bytes.readUInt16BE(at + 7), bytes.readUInt16BE(at + 5)];
    }
    at += 2 + length;
  }
  return undefined;
}

/** Every media path of a timeline with the field that names it. */
function mediaPlaces(timeline: Timeline): Array<[string, Media]> {
  const places: Array<[string, Media]> = timeline.photo ? [['photo.src', timeline.photo]] : [];
  timeline.events.forEach((e, i) => { if (e.media) places.push([`events[${i}].media.src`, e.media]); });
  return places;
}

async function readImage(folder: string, src: string, place: string): Promise<ImageData | Diagnostic> {
  if (/^[a-z][a-z0-9+.-]*:/i.test(src)) {
    return { place, message: `Invalid value for ${place}. Allowed: a local PNG or JPEG file beside the data file; nothing is fetched from the network. Received: ${JSON.stringify(src)}.` };
  }
  const target = resolve(folder, src);
  const outside = (path: string) => {
    const r = relative(folder, path);
    return r === '..' || r.startsWith(`..${sep}`) || isAbsolute(r);
  };
  if (isAbsolute(src) || outside(target)) {
    return { place, message: `Invalid value for ${place}. Allowed: a path inside the data file's folder. Received: ${JSON.stringify(src)}.` };
  }
  let bytes: Buffer;
  try {
    if (outside(await realpath(target))) return { place, message: `Invalid value for ${place}: the path leads out of the data file's folder through a link.` };
    bytes = await readFile(target);
  } catch (error) {
    return { place, message: `Cannot read ${place} ${JSON.stringify(src)}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.` };
  }
  if (bytes.length > MAX_IMAGE_BYTES) return { place, message: `The image ${JSON.stringify(src)} in ${place} is over ${MAX_IMAGE_BYTES / 1024 / 1024} MB.` };
  const png = pngSize(bytes);
  const size = png ?? jpegSize(bytes);
  if (!size || size[0] === 0 || size[1] === 0) return { place, message: `Invalid value for ${place}. Allowed: a PNG or JPEG file. Received: ${JSON.stringify(src)}, which is neither.` };
  return { uri: `data:image/${png ? 'png' : 'jpeg'};base64,${bytes.toString('base64')}`, width: size[0], height: size[1] };
}

/**
 * Reads every image the timeline names. Paths are relative to the data file and may not
 * leave its folder, through `..` or a link; nothing is ever fetched.
 */
export async function loadMedia(timeline: Timeline, file: string): Promise<Map<string, ImageData>> {
  const places = mediaPlaces(timeline);
  const images = new Map<string, ImageData>();
  if (places.length === 0) return images;
  const folder = await realpath(file === '-' ? '.' : dirname(file)).catch(() => resolve(dirname(file)));
  const problems: Diagnostic[] = [];
  for (const [place, media] of places) {
    const image = await readImage(folder, media.src, place);
    if ('uri' in image) images.set(media.src, image);
    else problems.push(image);
  }
  if (problems.length > 0) throw new InputError(file, problems);
  return images;
}
