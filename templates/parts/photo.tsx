import type { Picture } from '../../src/layout/template-types.ts';
import type { Theme } from '../../src/model/theme.ts';
import { BREAKS_WORDS } from './breaking.ts';

export interface PhotoProps {
  picture: Picture;
  width: number;
  maxHeight: number;
  theme: Theme;
}

/** An image scaled to the width (and no taller than maxHeight), with its caption and credit under it. */
export function Photo({ picture, width, maxHeight, theme }: PhotoProps) {
  const scale = Math.min(width / picture.width, maxHeight / picture.height);
  const [w, h] = [Math.round(picture.width * scale), Math.round(picture.height * scale)];
  const line = {
    display: 'flex',
    fontFamily: theme.fonts.text,
    fontSize: theme.sizes.small,
    lineHeight: 1.35,
    color: theme.colors.muted,
    ...BREAKS_WORDS,
  };
  return (
    <div style={{ display: 'flex', flexDirection: 'column', marginTop: 12, gap: 4 }}>
      <img src={picture.uri} width={w} height={h} style={{ width: w, height: h }} />
      {picture.caption ? <div style={line}>{picture.caption}</div> : null}
      {picture.credit ? <div style={{ ...line, justifyContent: 'flex-end', fontSize: theme.sizes.small - 2 }}>{picture.credit}</div> : null}
    </div>
  );
}
