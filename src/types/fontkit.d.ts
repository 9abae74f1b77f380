// fontkit ships no types; these are the parts timeline-render uses.
declare module 'fontkit' {
  export interface PathCommand {
    command: 'moveTo' | 'lineTo' | 'quadraticCurveTo' | 'bezierCurveTo' | 'closePath';
    args: number[];
  }
  export interface Glyph {
    id: number;
    advanceWidth: number;
    codePoints: number[];
    /** The outline in font units, y up. */
    path: { commands: PathCommand[] };
  }
  export interface Font {
    unitsPerEm: number;
    glyphsForString(text: string): Glyph[];
    glyphForCodePoint(codePoint: number): Glyph;
    getGlyph(id: number): Glyph;
  }
  export function create(data: Uint8Array): Font;
}
