import { readFile, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.ts';
import type { Diagnostic, ImageData, Media, Timeline } from '../model/types.ts';

export type { ImageData } from '../model/types.ts';

/** Images larger than this are refused: a photo for a card needs far less. */
export const MAX_IMAGE_BYTES = 8 * 1024 * 1024;

/**
 * Images with more pixels than this are refused before anything decodes them: a PNG of a few
 * kilobytes can claim 60,000 x 60,000 px, and drawing one took 4.3 GB. A card shows a photo at
 * most 3,240 device pixels wide; 40 MP is a 7,700 x 5,200 camera file.
 */
export const MAX_IMAGE_PIXELS = 40_000_000;

/** Where a timeline's media may come from. */
export interface MediaSources {
  /**
   * Whether a path is read, relative to the data file's folder. A request's data has no
   * folder: its media come inline as data: URIs, and a path is refused without a look at the disk.
   */
  files: boolean;
}

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
  timeline.events.forEach((e, i) => {
    if (e.media) places.push([`events[${i}].media.src`, e.media]);
  });
  return places;
}

const DATA_URI = /^data:image\/(png|jpeg|jpg);base64,([A-Za-z0-9+/=\s]*)$/i;

/** What a media source is, for messages that must not echo a long data URI. */
const shown = (src: string): string =>
  src.startsWith('data:') ? `a data: URI of ${src.length.toLocaleString('en-US')} characters` : JSON.stringify(src);

/** Checks the bytes are a PNG or JPEG of a size a card can take, and makes the data URI every renderer reads. */
function imageOf(bytes: Buffer, src: string, place: string): ImageData | Diagnostic {
  if (bytes.length > MAX_IMAGE_BYTES)
    return { place, message: `The image ${shown(src)} in ${place} is over ${MAX_IMAGE_BYTES / 1024 / 1024} MB.` };
  const png = pngSize(bytes);
  const size = png ?? jpegSize(bytes);
  if (!size || size[0] === 0 || size[1] === 0)
    return { place, message: `Invalid value for ${place}. Allowed: a PNG or JPEG image. Received: ${shown(src)}, which is neither.` };
  if (size[0] * size[1] > MAX_IMAGE_PIXELS) {
    return {
      place,
      message: `The image in ${place} is ${size[0]} x ${size[1]} px, over the limit of ${MAX_IMAGE_PIXELS.toLocaleString('en-US')} pixels. Scale it down; a card shows it at most 3,240 px wide.`,
    };
  }
  return { uri: `data:image/${png ? 'png' : 'jpeg'};base64,${bytes.toString('base64')}`, width: size[0], height: size[1] };
}

/** An inline image: base64 PNG or JPEG only (SVG would be code, and other types no renderer takes). */
function readDataUri(src: string, place: string): ImageData | Diagnostic {
  const match = DATA_URI.exec(src);
  if (!match)
    return {
      place,
      message: `Invalid value for ${place}. Allowed: a data: URI of a PNG or JPEG image in base64 (data:image/png;base64,...). Received: ${shown(src)}.`,
    };
  return imageOf(Buffer.from(match[2]!, 'base64'), src, place);
}

async function readImageFile(folder: string, src: string, place: string): Promise<ImageData | Diagnostic> {
  const target = resolve(folder, src);
  const outside = (path: string) => {
    const r = relative(folder, path);
    return r === '..' || r.startsWith(`..${sep}`) || isAbsolute(r);
  };
  if (isAbsolute(src) || outside(target)) {
    return {
      place,
      message: `Invalid value for ${place}. Allowed: a path inside the data file's folder. Received: ${JSON.stringify(src)}.`,
    };
  }
  let bytes: Buffer;
  try {
    if (outside(await realpath(target)))
      return { place, message: `Invalid value for ${place}: the path leads out of the data file's folder through a link.` };
    bytes = await readFile(target);
  } catch (error) {
    return {
      place,
      message: `Cannot read ${place} ${JSON.stringify(src)}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`,
    };
  }
  return imageOf(bytes, src, place);
}

function readImage(folder: string | undefined, src: string, place: string): Promise<ImageData | Diagnostic> | ImageData | Diagnostic {
  if (/^data:/i.test(src)) return readDataUri(src, place);
  if (/^[a-z][a-z0-9+.-]*:/i.test(src)) {
    return {
      place,
      message: `Invalid value for ${place}. Allowed: a PNG or JPEG file beside the data file, or a data: URI; nothing is fetched from the network. Received: ${JSON.stringify(src)}.`,
    };
  }
  // The same words whatever the path: the answer must not tell whether it exists on the server.
  if (folder === undefined)
    return {
      place,
      message: `Invalid value for ${place}. Allowed: a data: URI of a PNG or JPEG image; media sent to the server come inline, and it reads no files for a request. Received: a path.`,
    };
  return readImageFile(folder, src, place);
}

/**
 * Reads every image the timeline names: data: URIs inline, and paths relative to the data
 * file, which may not leave its folder through `..` or a link; nothing is ever fetched.
 * With `files: false` (a request to the server) only data: URIs are taken.
 */
export async function loadMedia(
  timeline: Timeline,
  file: string,
  sources: MediaSources = { files: true },
): Promise<Map<string, ImageData>> {
  const places = mediaPlaces(timeline);
  const images = new Map<string, ImageData>();
  if (places.length === 0) return images;
  const folder = sources.files ? await realpath(file === '-' ? '.' : dirname(file)).catch(() => resolve(dirname(file))) : undefined;
  const problems: Diagnostic[] = [];
  for (const [place, media] of places) {
    const image = await readImage(folder, media.src, place);
    if ('uri' in image) images.set(media.src, image);
    else problems.push(image);
  }
  if (problems.length > 0) throw new InputError(file, problems);
  return images;
}
