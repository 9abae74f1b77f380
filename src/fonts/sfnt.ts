/** Where a table starts in a TrueType/OpenType font file, from its table directory. */
export function tableOffset(font: Buffer, tag: string): number | undefined {
  const tables = font.readUInt16BE(4);
  for (let i = 0; i < tables; i++) {
    const record = 12 + i * 16;
    if (font.toString('latin1', record, record + 4) === tag) return font.readUInt32BE(record + 8);
  }
  return undefined;
}
