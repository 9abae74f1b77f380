import type { FooterProps, RunningHeadProps } from '../../src/layout/template-types.ts';
import { BREAKS_WORDS } from './breaking.ts';

/** Credit and source under the last event. */
export function Footer({ credit, source, width, theme }: FooterProps) {
  const line = {
    display: 'flex',
    fontFamily: theme.fonts.text,
    fontSize: theme.sizes.small,
    lineHeight: 1.45,
    color: theme.colors.muted,
    ...BREAKS_WORDS,
  };
  return (
    <div
      style={{ display: 'flex', flexDirection: 'column', width, gap: 4, paddingTop: 18, borderTop: `1px solid ${theme.colors.cardBorder}` }}
    >
      {credit ? <div style={line}>{credit}</div> : null}
      {source ? <div style={line}>{`Source: ${source}`}</div> : null}
    </div>
  );
}

/**
 * The title and page label at the top of a continued page, on one line: the label whole, the
 * title cut short with an ellipsis where the page is too narrow for both (a 3.25 in column).
 */
export function RunningHead({ title, label, width, theme }: RunningHeadProps) {
  const text = {
    display: 'flex',
    fontFamily: theme.fonts.text,
    fontSize: theme.sizes.small,
    color: theme.colors.muted,
    whiteSpace: 'nowrap',
  };
  return (
    <div
      style={{
        display: 'flex',
        width,
        justifyContent: 'space-between',
        gap: 16,
        paddingBottom: 12,
        borderBottom: `1px solid ${theme.colors.cardBorder}`,
      }}
    >
      <div style={{ ...text, fontWeight: 700, flexShrink: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' }}>{title}</div>
      <div style={{ ...text, flexShrink: 0 }}>{label}</div>
    </div>
  );
}
