/**
 * Reading the OpenType layout tables (GSUB, GPOS) in place: only the bytes a lookup needs,
 * never a whole table decoded. Offsets are from the start of the font file.
 */

/** Where a table starts in a TrueType/OpenType font file, from its table directory. */
export function tableOffset(font: Buffer, tag: string): number | undefined {
  const tables = font.readUInt16BE(4);
  for (let i = 0; i < tables; i++) {
    const record = 12 + i * 16;
    if (font.toString('latin1', record, record + 4) === tag) return font.readUInt32BE(record + 8);
  }
  return undefined;
}

/** Index of a glyph in a Coverage table, or -1. */
export function coverageIndex(font: Buffer, at: number, glyph: number): number {
  const format = font.readUInt16BE(at);
  const count = font.readUInt16BE(at + 2);
  let low = 0;
  let high = count - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (format === 1) {
      const found = font.readUInt16BE(at + 4 + middle * 2);
      if (found === glyph) return middle;
      if (found < glyph) low = middle + 1;
      else high = middle - 1;
    } else {
      const range = at + 4 + middle * 6;
      if (glyph < font.readUInt16BE(range)) high = middle - 1;
      else if (glyph > font.readUInt16BE(range + 2)) low = middle + 1;
      else return font.readUInt16BE(range + 4) + glyph - font.readUInt16BE(range);
    }
  }
  return -1;
}

/** The class a ClassDef table gives a glyph; 0 when it names none. */
export function glyphClass(font: Buffer, at: number, glyph: number): number {
  const format = font.readUInt16BE(at);
  if (format === 1) {
    const start = font.readUInt16BE(at + 2);
    const count = font.readUInt16BE(at + 4);
    return glyph >= start && glyph < start + count ? font.readUInt16BE(at + 6 + (glyph - start) * 2) : 0;
  }
  let low = 0;
  let high = font.readUInt16BE(at + 2) - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = at + 4 + middle * 6;
    if (glyph < font.readUInt16BE(range)) high = middle - 1;
    else if (glyph > font.readUInt16BE(range + 2)) low = middle + 1;
    else return font.readUInt16BE(range + 4);
  }
  return 0;
}

/**
 * The subtables, lookup by lookup in lookup order, of a feature in a script's default language
 * system (falling back to DFLT, then latn), keeping those of one lookup type. Extension
 * lookups are followed to the subtables they hold.
 */
export function featureSubtables(font: Buffer, tableTag: 'GSUB' | 'GPOS', script: string, feature: string, type: number): number[][] {
  const table = tableOffset(font, tableTag);
  if (table === undefined) return [];
  const extension = tableTag === 'GSUB' ? 7 : 9;
  const lookups = table + font.readUInt16BE(table + 8);
  return featureLookupIndices(font, table, script, feature).map((index) => {
    const lookup = lookups + font.readUInt16BE(lookups + 2 + index * 2);
    const lookupType = font.readUInt16BE(lookup);
    const subtables: number[] = [];
    for (let i = 0; i < font.readUInt16BE(lookup + 4); i++) {
      const at = lookup + font.readUInt16BE(lookup + 6 + i * 2);
      if (lookupType === extension && font.readUInt16BE(at + 2) === type) subtables.push(at + font.readUInt32BE(at + 4));
      else if (lookupType === type) subtables.push(at);
    }
    return subtables;
  });
}

function featureLookupIndices(font: Buffer, table: number, script: string, feature: string): number[] {
  const scripts = table + font.readUInt16BE(table + 4);
  const features = table + font.readUInt16BE(table + 6);
  const tags = Array.from({ length: font.readUInt16BE(scripts) }, (_, i) =>
    font.toString('latin1', scripts + 2 + i * 6, scripts + 6 + i * 6),
  );
  const chosen = [script, 'DFLT', 'latn'].map((tag) => tags.indexOf(tag)).find((i) => i >= 0);
  if (chosen === undefined) return [];
  const scriptTable = scripts + font.readUInt16BE(scripts + 6 + chosen * 6);
  const langSysOffset = font.readUInt16BE(scriptTable);
  if (langSysOffset === 0) return [];
  const langSys = scriptTable + langSysOffset;
  const indices: number[] = [];
  for (let i = 0; i < font.readUInt16BE(langSys + 4); i++) {
    const record = features + 2 + font.readUInt16BE(langSys + 6 + i * 2) * 6;
    if (font.toString('latin1', record, record + 4) !== feature) continue;
    const table = features + font.readUInt16BE(record + 4);
    for (let j = 0; j < font.readUInt16BE(table + 2); j++) indices.push(font.readUInt16BE(table + 4 + j * 2));
  }
  return indices.sort((a, b) => a - b);
}
