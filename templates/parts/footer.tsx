import type { FooterProps, RunningHeadProps } from '../../src/layout/template-types.ts';
import { BREAKS_WORDS } from './breaking.ts';

/** Credit and source under the last event. */
export function Footer({ credit, source, width, theme }: FooterProps) {
  const line = { display: 'flex', fontFamily: theme.fonts.text, fontSize: theme.sizes.small, lineHeight: 1.45, color: theme.colors.muted, ...BREAKS_WORDS };
  return (
    <div style={{ display: 'flex', flexDirection: 'column', width, gap: 4, paddingTop: 18, borderTop: `1px solid ${theme.colors.cardBorder}` }}>
      {credit ? <div style={line}>{credit}</div> : null}
      {source ? <div style={line}>{`Source: ${source}`}</div> : null}
    </div>
  );
}

/** The title and page label at the top of a continued page. */
export function RunningHead({ title, label, width, theme }: RunningHeadProps) {
  const text = { display: 'flex', fontFamily: theme.fonts.text, fontSize: theme.sizes.small, color: theme.colors.muted };
  return (
    <div style={{ display: 'flex', width, justifyContent: 'space-between', gap: 24, paddingBottom: 12, borderBottom: `1px solid ${theme.colors.cardBorder}` }}>
      <div style={{ ...text, fontWeight: 700 }}>{title}</div>
      <div style={text}>{label}</div>
    </div>
  );
}
