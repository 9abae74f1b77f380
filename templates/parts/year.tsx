import type { YearProps } from '../../src/layout/template-types.ts';
import { yearLabel } from '../../src/model/dates.ts';

/** A year on the spine, where the events pass into a new year. */
export function Year({ year, align, theme }: YearProps) {
  return (
    <div style={{ display: 'flex', justifyContent: align === 'center' ? 'center' : 'flex-start' }}>
      <div
        style={{
          display: 'flex',
          padding: '6px 20px',
          borderRadius: 22,
          backgroundColor: theme.colors.text,
          color: theme.colors.card,
          fontFamily: theme.fonts.text,
          fontWeight: 700,
          fontSize: theme.sizes.year,
          letterSpacing: 1,
        }}
      >
        {yearLabel(year)}
      </div>
    </div>
  );
}
