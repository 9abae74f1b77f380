export {
  OPTIONS,
  API_PARAMETERS,
  optionsOf,
  type OptionKey,
  type OptionSpec,
  type ResolvedOptions,
  type Surface,
  type ValueOf,
} from './table.ts';
export {
  renderOptions,
  resolveOptions,
  resolveTable,
  readDefault,
  jobOptions,
  limitsOf,
  SERVER_ONLY,
  type JobOptions,
  type OptionLayer,
} from './resolve.ts';
export { CONFIG_FILE_NAME, CONFIG_FILE_NAMES, findConfigFile, loadConfigFile } from './config.ts';
export { flagLayer, queryLayer } from './surfaces.ts';
export { Refusal, shownValue, type GivenValue, type PageSize } from './values.ts';
