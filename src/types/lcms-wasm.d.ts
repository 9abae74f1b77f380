// lcms-wasm ships no types; these are the parts timeline-render uses (LittleCMS's own names).
declare module 'lcms-wasm' {
  export type Handle = number;
  export interface Lcms {
    cmsOpenProfileFromMem(bytes: Uint8Array, size: number): Handle;
    cmsCreate_sRGBProfile(): Handle;
    /** null: the D50 white point. */
    cmsCreateLab4Profile(whitePoint: null): Handle;
    cmsGetProfileInfoASCII(profile: Handle, info: number, language: string, country: string): string;
    cmsCreateTransform(input: Handle, inputFormat: number, output: Handle, outputFormat: number, intent: number, flags: number): Handle;
    cmsDoTransform(transform: Handle, input: Uint8Array | Uint16Array, pixels: number): Uint8Array | Uint16Array;
  }
  export function instantiate(): Promise<Lcms>;
  export const cmsInfoDescription: number;
  export const INTENT_RELATIVE_COLORIMETRIC: number;
  export const cmsFLAGS_BLACKPOINTCOMPENSATION: number;
  export const TYPE_RGB_8: number;
  export const TYPE_CMYK_16: number;
  export const TYPE_Lab_16: number;
}
