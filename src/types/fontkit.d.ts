// fontkit ships no types; these are the parts timeline-render uses.
declare module 'fontkit' {
  export interface Glyph {
    id: number;
    advanceWidth: number;
    codePoints: number[];
  }
  export interface Font {
    unitsPerEm: number;
    glyphsForString(text: string): Glyph[];
  }
  export function create(data: Uint8Array): Font;
}
