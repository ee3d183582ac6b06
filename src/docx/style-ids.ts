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
