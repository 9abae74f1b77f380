import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { TimelineError } from '../errors.ts';
import { PACKAGE_ROOT } from '../package-root.ts';

export type Rgb = [number, number, number];
/** Ink coverage of cyan, magenta, yellow and black, each 0 to 1. */
export type Cmyk = [number, number, number, number];
export type Lab = [number, number, number];

/** The press profile that ships: built from FOGRA39 characterisation data (see icc/README.md). */
export const DEFAULT_PROFILE = join(PACKAGE_ROOT, 'icc', 'FOGRA39-coated.icc');

/** The characterisation the shipped profile stands for, as the ICC registry names it. */
const DEFAULT_CONDITION = 'FOGRA39';

/** A CMYK press as an ICC profile: colours converted for it, and the bytes the PDF embeds as its output intent. */
export interface PressProfile {
  bytes: Buffer;
  /** The profile's own description, e.g. "FOGRA39 coated offset …". */
  description: string;
  /** The OutputConditionIdentifier: the registry name for the shipped profile, else the description. */
  condition: string;
  /** CMYK for an sRGB colour. Neutrals go in black ink only; with `fewInks`, at most two inks. */
  toCmyk(rgb: Rgb, fewInks: boolean): Cmyk;
  /** What a CMYK colour looks like printed on this press, as CIE Lab (D50). */
  labOfCmyk(cmyk: Cmyk): Lab;
  /** An sRGB colour as CIE Lab (D50). */
  labOfRgb(rgb: Rgb): Lab;
}

/** Text or rules darker than this and about grey are meant as black: solid K, which prints sharp and registers. */
const BLACK_LIGHTNESS = 30;
/** Lab chroma under which a colour is a grey, and goes in black ink only; dark warm greys (text) a little more. */
const NEUTRAL_CHROMA = 2.5;
const DARK_NEUTRAL_CHROMA = 6;
const DARK = 60;
/** Ink under half a percent does not print; left in, it only adds a separation. */
const NO_INK = 0.005;

type Lcms = Awaited<ReturnType<typeof import('lcms-wasm')['instantiate']>>;
let lcmsModule: Promise<{ lcms: Lcms; api: typeof import('lcms-wasm') }> | undefined;

/** LittleCMS as WebAssembly, started once a process and only when a CMYK file is asked for. */
function loadLcms() {
  lcmsModule ??= import('lcms-wasm').then(async (api) => ({ lcms: await api.instantiate(), api }));
  return lcmsModule;
}

const UNIT16 = 65535;
const labFrom16 = (v: ArrayLike<number>, at = 0): Lab => [v[at]! / 655.35, v[at + 1]! / 257 - 128, v[at + 2]! / 257 - 128];

/** CIE76 colour difference: the figure print specifications (ISO 12647) give tolerances in. */
export function deltaE(a: Lab, b: Lab): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

const chroma = (lab: Lab) => Math.hypot(lab[1], lab[2]);
const clean = (cmyk: number[]): Cmyk => cmyk.map((v) => (v < NO_INK ? 0 : Math.round(v * 1000) / 1000)) as Cmyk;
const inks = (cmyk: Cmyk) => cmyk.filter((v) => v > 0).length;

const ICC_OUTPUT_CLASS = 'prtr';
const ICC_CMYK = 'CMYK';

/** Refuses a file that is not a CMYK output profile, naming what it is instead. */
function checkProfileHeader(file: string, bytes: Buffer): void {
  const tag = (at: number) => bytes.subarray(at, at + 4).toString('latin1');
  const isIcc = bytes.length > 128 && tag(36) === 'acsp';
  if (!isIcc || tag(12) !== ICC_OUTPUT_CLASS || tag(16) !== ICC_CMYK) {
    const found = !isIcc ? 'not an ICC profile' : `an ICC profile of class "${tag(12)}" for ${tag(16).trim()} colour`;
    throw new TimelineError(
      `Invalid value for --output-intent. Allowed: a CMYK output (printer) ICC profile. Received: ${basename(file)}, ${found}.`,
    );
  }
}

const profiles = new Map<string, Promise<PressProfile>>();

/** The press profile in `file` (the shipped FOGRA39 profile by default), read and set up once a process. */
export function loadPressProfile(file: string = DEFAULT_PROFILE): Promise<PressProfile> {
  let profile = profiles.get(file);
  if (!profile) {
    profile = openProfile(file);
    profiles.set(file, profile);
    profile.catch(() => profiles.delete(file));
  }
  return profile;
}

async function openProfile(file: string): Promise<PressProfile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new TimelineError(
      `Invalid value for --output-intent. Allowed: a readable ICC profile file. Received: ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}).`,
    );
  }
  checkProfileHeader(file, bytes);
  const { lcms, api } = await loadLcms();
  const press = lcms.cmsOpenProfileFromMem(new Uint8Array(bytes), bytes.length);
  if (!press)
    throw new TimelineError(`Invalid value for --output-intent. Allowed: an ICC profile LittleCMS can read. Received: ${basename(file)}.`);
  const description = lcms.cmsGetProfileInfoASCII(press, api.cmsInfoDescription, 'en', 'US').trim() || basename(file);
  const srgb = lcms.cmsCreate_sRGBProfile();
  const lab = lcms.cmsCreateLab4Profile(null);
  const relative = api.INTENT_RELATIVE_COLORIMETRIC;
  // Black point compensation keeps dark tones apart instead of clipping them to the press's black.
  const toPress = lcms.cmsCreateTransform(srgb, api.TYPE_RGB_8, press, api.TYPE_CMYK_16, relative, 0);
  const pressToLab = lcms.cmsCreateTransform(press, api.TYPE_CMYK_16, lab, api.TYPE_Lab_16, relative, 0);
  const rgbToLab = lcms.cmsCreateTransform(srgb, api.TYPE_RGB_8, lab, api.TYPE_Lab_16, relative, 0);

  const labsOfCmyk = (list: Cmyk[]): Lab[] => {
    const input = new Uint16Array(list.length * 4);
    list.forEach((cmyk, i) =>
      cmyk.forEach((v, j) => {
        input[i * 4 + j] = Math.round(v * UNIT16);
      }),
    );
    const out = lcms.cmsDoTransform(pressToLab, input, list.length);
    return list.map((_, i) => labFrom16(out, i * 3));
  };
  const labOfRgb = (rgb: Rgb): Lab => labFrom16(lcms.cmsDoTransform(rgbToLab, new Uint8Array(rgb), 1));
  const cache = new Map<string, Cmyk>();

  const convert = (rgb: Rgb, fewInks: boolean): Cmyk => {
    const target = labOfRgb(rgb);
    if (chroma(target) < NEUTRAL_CHROMA || (chroma(target) < DARK_NEUTRAL_CHROMA && target[0] < DARK)) {
      return target[0] < BLACK_LIGHTNESS ? [0, 0, 0, 1] : blackFor(target[0], labsOfCmyk);
    }
    const full = clean(Array.from(lcms.cmsDoTransform(toPress, new Uint8Array(rgb), 1), (v) => v / UNIT16));
    return fewInks && inks(full) > 2 ? twoInks(target, labsOfCmyk) : full;
  };

  return {
    bytes,
    description,
    condition: file === DEFAULT_PROFILE ? DEFAULT_CONDITION : description,
    labOfRgb,
    labOfCmyk: (cmyk) => labsOfCmyk([cmyk])[0]!,
    toCmyk(rgb, fewInks) {
      const key = `${rgb.join(',')}|${fewInks}`;
      let cmyk = cache.get(key);
      if (!cmyk) {
        cmyk = convert(rgb, fewInks);
        cache.set(key, cmyk);
      }
      return cmyk;
    },
  };
}

/** A grey in black ink only, as light as the press prints the grey asked for. */
function blackFor(lightness: number, labsOfCmyk: (list: Cmyk[]) => Lab[]): Cmyk {
  let [low, high] = [0, 1];
  for (let step = 0; step < 14; step++) {
    const middle = (low + high) / 2;
    if (labsOfCmyk([[0, 0, 0, middle]])[0]![0] > lightness) low = middle;
    else high = middle;
  }
  return clean([0, 0, 0, (low + high) / 2]);
}

/** The lightest L* whose contrast with white paper is still about 4.5:1 (WCAG's figure for text). */
const READABLE_ON_WHITE = 50;

const INK_PAIRS: Array<[number, number]> = [
  [0, 1],
  [0, 2],
  [0, 3],
  [1, 2],
  [1, 3],
  [2, 3],
];

/**
 * The closest colour this press prints with two inks at most: small type in three or four
 * inks blurs when the plates do not register exactly. A coarse search over every pair of
 * inks, then a finer one around the best.
 */
function twoInks(target: Lab, labsOfCmyk: (list: Cmyk[]) => Lab[]): Cmyk {
  const grid = (pair: [number, number], centre: [number, number], span: number, steps: number): Cmyk[] => {
    const list: Cmyk[] = [];
    for (let i = 0; i <= steps; i++) {
      for (let j = 0; j <= steps; j++) {
        const cmyk: Cmyk = [0, 0, 0, 0];
        cmyk[pair[0]] = Math.min(1, Math.max(0, centre[0] - span + (2 * span * i) / steps));
        cmyk[pair[1]] = Math.min(1, Math.max(0, centre[1] - span + (2 * span * j) / steps));
        list.push(cmyk);
      }
    }
    return list;
  };
  // Lighter type would lose the contrast the theme was checked for: no lighter than 4.5:1 on white allows.
  const lightest = Math.max(target[0] + 2, READABLE_ON_WHITE);
  const error = (lab: Lab) => (lab[0] > lightest ? Infinity : deltaE(lab, target));
  const closest = (list: Cmyk[]) => {
    const labs = labsOfCmyk(list);
    let best = 0;
    labs.forEach((lab, i) => {
      if (error(lab) < error(labs[best]!)) best = i;
    });
    return { cmyk: list[best]!, error: error(labs[best]!) };
  };
  let best = { cmyk: [0, 0, 0, 1] as Cmyk, error: Infinity, pair: INK_PAIRS[0]! };
  for (const pair of INK_PAIRS) {
    const found = closest(grid(pair, [0.5, 0.5], 0.5, 20));
    if (found.error < best.error) best = { ...found, pair };
  }
  const { pair } = best;
  const fine = closest(grid(pair, [best.cmyk[pair[0]]!, best.cmyk[pair[1]]!], 0.05, 20));
  return clean(fine.error < best.error ? fine.cmyk : best.cmyk);
}
