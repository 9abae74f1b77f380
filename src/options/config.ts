import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { InputError } from '../errors.ts';
import { parseJson } from '../load/json.ts';
import { decodeUtf8, readInputFile } from '../load/text.ts';
import type { OptionLayer } from './resolve.ts';
import { optionsOf } from './table.ts';
import type { GivenValue } from './values.ts';

/** A newsroom's house settings, found beside the data. */
export const CONFIG_FILE_NAME = 'timeline-render.config.json';

/** A config file holds a few dozen settings: anything near this is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** The folder a config file is looked for in: the input folder itself, or the folder of the input file; stdin looks in the working folder. */
async function dataFolder(input: string): Promise<string> {
  if (input === '-') return process.cwd();
  const info = await stat(input).catch(() => undefined);
  return info?.isDirectory() ? input : dirname(input);
}

/** The config file a run uses: the one `--config` names, else timeline-render.config.json beside the first input, else none. */
export async function findConfigFile(named: string | undefined, firstInput: string | undefined): Promise<string | undefined> {
  if (named !== undefined) return named;
  if (firstInput === undefined) return undefined;
  const beside = join(await dataFolder(firstInput), CONFIG_FILE_NAME);
  return (await stat(beside).catch(() => undefined))?.isFile() ? beside : undefined;
}

function isGivenValue(value: unknown): value is GivenValue {
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
  return scalar(value) || (Array.isArray(value) && value.every(scalar));
}

/**
 * Reads a config file into a layer of options. It is input like the data: a fault exits 1,
 * naming the file and the key. A path in it (theme, template, out) is read from the config
 * file's folder, wherever the command runs.
 */
export async function loadConfigFile(file: string): Promise<OptionLayer> {
  const bytes = await readInputFile(file, MAX_CONFIG_BYTES, (size) => `The config file has ${size} bytes; a config file is a few hundred.`);
  const decoded = decodeUtf8(bytes);
  if (decoded.text === undefined) throw new InputError(file, [decoded.diagnostic!]);
  const parsed = parseJson(decoded.text);
  if (parsed.diagnostic) throw new InputError(file, [parsed.diagnostic]);
  const config = parsed.value;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new InputError(file, [{ message: `Invalid config file. Allowed: a JSON object of options, such as { "page": "a4" }. Received: ${Array.isArray(config) ? 'a list' : JSON.stringify(config)}.` }]);
  }
  const specs = new Map(optionsOf('config').map(([, spec]) => [spec.name, spec]));
  const values: Record<string, GivenValue> = {};
  for (const [name, value] of Object.entries(config)) {
    const spec = specs.get(name);
    if (!spec) throw new InputError(file, [{ place: name, message: `Unknown option ${JSON.stringify(name)}. Allowed: ${[...specs.keys()].join(', ')}.` }]);
    if (!isGivenValue(value)) {
      throw new InputError(file, [{ place: name, message: `Invalid value for ${name}. Allowed: ${spec.kind === 'switch' ? 'true, false' : 'a string, a number or a list of them'}. Received: ${JSON.stringify(value)}.` }]);
    }
    values[name] = spec.path && typeof value === 'string' && !isAbsolute(value) ? join(dirname(file), value) : value;
  }
  return {
    values,
    refuse: (spec, refusal) => new InputError(file, [{ place: spec.name, message: `Invalid value for ${spec.name}. ${refusal.message}` }]),
  };
}
