/** The names of what a render can make, apart from the renderers, so the CLI can check its arguments without loading them. */
export type OutputFormat = 'png' | 'pdf';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['png', 'pdf'];

export type PresetName = 'tall' | 'og' | 'x' | 'instagram' | 'story' | 'linkedin' | 'reel';
export const PRESET_NAMES: readonly PresetName[] = ['tall', 'og', 'x', 'instagram', 'story', 'linkedin', 'reel'];
