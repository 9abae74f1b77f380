import { InputError } from '../errors.ts';
import { contrastDiagnostics } from '../model/contrast.ts';
import { mergeTheme, validateTheme, type Theme, type ThemeOverrides } from '../model/theme.ts';
import type { Timeline } from '../model/types.ts';
import { parseJson } from './json.ts';
import { decodeUtf8, readInputFile } from './text.ts';
import { DEFAULT_LIMITS } from '../model/limits.ts';

export interface ThemeFile {
  file: string;
  overrides: ThemeOverrides;
}

/** Reads a --theme file: a JSON theme block, checked like the one in a data file. */
export async function loadThemeFile(file: string): Promise<ThemeFile> {
  const bytes = await readInputFile(
    file,
    DEFAULT_LIMITS.inputBytes,
    (size) => `The theme file has ${size} bytes; a theme is a few hundred.`,
  );
  const decoded = decodeUtf8(bytes);
  if (decoded.text === undefined) throw new InputError(file, [decoded.diagnostic!]);
  const parsed = parseJson(decoded.text);
  if (parsed.diagnostic) throw new InputError(file, [parsed.diagnostic]);
  const { overrides, diagnostics } = validateTheme(parsed.value, '');
  if (!overrides) throw new InputError(file, diagnostics);
  return { file, overrides };
}

/**
 * The theme a render uses: defaults, then the data file's theme block, then the --theme file.
 * Every text colour must keep WCAG AA contrast; a failure names the pair and the file that set it.
 */
export function resolveTheme(timeline: Timeline, dataFile: string, themeFile?: ThemeFile): Theme {
  const theme = mergeTheme(timeline.theme, themeFile?.overrides);
  const problems = contrastDiagnostics(theme, timeline.actors);
  if (problems.length > 0) {
    const fromThemeFile = themeFile && problems.some((p) => !p.place?.startsWith('actors'));
    throw new InputError(fromThemeFile ? themeFile.file : dataFile, problems);
  }
  return theme;
}
