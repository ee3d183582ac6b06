import { FONT, SIZE, type FontSpec } from './layout';

/** Style ids used by the block renderer; real Word styles so the navigation pane shows the outline (styles.ts defines them). */
export const STYLE = {
  body: 'Normal',
  title: 'Title',
  h1: 'Heading1',
  h2: 'Heading2',
  h3: 'Heading3',
  h4: 'Heading4',
  footer: 'Footer',
  tableText: 'TableText',
} as const;

/**
 * The font and size each paragraph style gives its text. styles.xml is built from these, and runs
 * that would only repeat them leave their properties out (xml.ts paragraph): a third of a report's
 * document.xml was the same run properties over and over.
 */
export const STYLE_RUNS: Record<string, { font: FontSpec; size: number }> = {
  [STYLE.body]: { font: FONT.body, size: SIZE.san },
  [STYLE.title]: { font: FONT.title, size: SIZE.er },
  [STYLE.h1]: { font: FONT.hei, size: SIZE.san },
  [STYLE.h2]: { font: FONT.kai, size: SIZE.san },
  [STYLE.h3]: { font: FONT.body, size: SIZE.san },
  [STYLE.h4]: { font: FONT.body, size: SIZE.san },
  [STYLE.tableText]: { font: FONT.body, size: SIZE.xiaosi },
  [STYLE.footer]: { font: FONT.pageNumber, size: SIZE.si },
};
