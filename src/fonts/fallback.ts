import { readFileSync } from 'node:fs';
import { readCharacterMap, type CharacterMap } from './cmap.ts';
import { FONT_FACES, type FontFace } from './index.ts';

/** A piece of text drawn from one face. */
export interface FaceRun {
  face: FontFace;
  text: string;
}

const maps = new Map<string, CharacterMap>();
const known = new Map<string, Map<number, boolean>>();

/** Whether a face has a glyph for a character; each answer is looked up in the cmap once. */
export function faceHas(face: FontFace, codePoint: number): boolean {
  let answers = known.get(face.file);
  if (!answers) known.set(face.file, (answers = new Map()));
  let answer = answers.get(codePoint);
  if (answer === undefined) {
    let map = maps.get(face.file);
    if (!map) maps.set(face.file, (map = readCharacterMap(readFileSync(face.file))));
    answers.set(codePoint, (answer = map.has(codePoint)));
  }
  return answer;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Characters that only steer how their neighbours are drawn: variation selectors (U+FE0F asks
 * for an emoji's picture form) and the zero-width joiner of emoji sequences. A font that
 * cannot form the sequence draws its parts; the characters themselves are never missing.
 */
export const INVISIBLE = /[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]|\u200D/u;

/**
 * The face a cluster is drawn from: the asked face, else the first shipped face, that has
 * every visible character of it ("#️⃣" is a keycap from Noto Emoji, not "#" from Noto Sans);
 * else the first that has its first character, as satori falls back.
 */
function faceFor(face: FontFace, cluster: string): FontFace {
  const candidates = [face, ...FONT_FACES];
  const visible = [...cluster].filter((char) => !INVISIBLE.test(char)).map((char) => char.codePointAt(0)!);
  const first = cluster.codePointAt(0)!;
  return (
    candidates.find((other) => visible.every((code) => faceHas(other, code))) ?? candidates.find((other) => faceHas(other, first)) ?? face
  );
}

/**
 * The text cut into runs of one face each, as satori chose them when it measured the text:
 * cluster by cluster, by the cluster's first character, a space kept with the run before it
 * when that face has one. An emoji in a line of Noto Sans is drawn from Noto Emoji.
 */
export function faceRuns(face: FontFace, text: string): FaceRun[] {
  let simple = true;
  for (const char of text)
    if (!faceHas(face, char.codePointAt(0)!)) {
      simple = false;
      break;
    }
  if (simple) return [{ face, text }];
  const runs: FaceRun[] = [];
  for (const { segment } of graphemes.segment(text)) {
    const current = runs.at(-1);
    const keepsSpace = current !== undefined && /^\s$/.test(segment) && faceHas(current.face, segment.codePointAt(0)!);
    const chosen = keepsSpace ? current.face : faceFor(face, segment);
    if (current?.face === chosen) current.text += segment;
    else runs.push({ face: chosen, text: segment });
  }
  return runs;
}
