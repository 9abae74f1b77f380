/** Colours, fonts and sizes the templates draw with. Sizes are CSS pixels of the 1080 px layout. */
export interface Theme {
  colors: {
    page: string;
    card: string;
    cardBorder: string;
    text: string;
    muted: string;
    spine: string;
  };
  fonts: {
    /** Title and dek. */
    display: string;
    /** Dates, event text, legend, footer. */
    text: string;
  };
  sizes: {
    title: number;
    dek: number;
    date: number;
    body: number;
    legend: number;
    small: number;
    year: number;
  };
  card: {
    padding: number;
    rule: number;
  };
}

export const DEFAULT_THEME: Theme = {
  colors: {
    page: '#f6f3ec',
    card: '#ffffff',
    cardBorder: '#dcd5c6',
    text: '#1b1b1b',
    muted: '#55514a',
    spine: '#b9b1a1',
  },
  fonts: { display: 'Noto Serif', text: 'Noto Sans' },
  sizes: { title: 62, dek: 30, date: 17, body: 24, legend: 20, small: 17, year: 22 },
  card: { padding: 22, rule: 6 },
};
