/**
 * GB/T 9704-2012 page and type numbers (docs: official-format.md). Twips unless named otherwise.
 */
export const PAGE = {
  // The literal A4 size: the mm converter would round the width to 11905.
  width: 11906,
  height: 16838,
  margin: { top: 2098, bottom: 1984, left: 1587, right: 1474 },
};

/** Text block width: 156 mm. */
export const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;

/** Exact 28 pt line spacing: 22 lines on the 225 mm text block. */
export const LINE = 560;
/** Document grid: 22 lines on the page (line pitch 579 tw). */
export const GRID = { linePitch: 579 };
/**
 * 28 characters a line: 8845 tw ÷ 28 = 15.795 pt a character against a 16 pt font, so every run
 * is condensed by 0.25 pt (w:spacing −5, in twentieths of a point). A linesAndChars grid with a
 * negative charSpace does the same in Word, but LibreOffice then gives each character two grid
 * cells; condensed spacing lays out the same in Word, WPS and LibreOffice.
 */
export const CHAR_SPACING = -5;
/** Two characters of 三号 for first-line indents, alongside firstLineChars (which LibreOffice ignores). */
export const INDENT_2 = 640;
/** One character of body text on the grid, in twips (for indents that have no *Chars form). */
export const CHAR = Math.floor(TEXT_WIDTH / 28);

/** Sizes in half-points. */
export const SIZE = { er: 44, san: 32, si: 28 };

export interface FontSpec {
  eastAsia: string;
  latin: string;
}

/** Digits and Latin letters in Times New Roman; w:hint keeps “” — … in the Chinese face. */
export const FONT = {
  title: { eastAsia: '方正小标宋简体', latin: 'Times New Roman' },
  body: { eastAsia: '仿宋_GB2312', latin: 'Times New Roman' },
  hei: { eastAsia: '黑体', latin: 'Times New Roman' },
  kai: { eastAsia: '楷体_GB2312', latin: 'Times New Roman' },
  song: { eastAsia: '宋体', latin: 'Times New Roman' },
} satisfies Record<string, FontSpec>;

export function runFont(f: FontSpec) {
  return { ascii: f.latin, hAnsi: f.latin, eastAsia: f.eastAsia, cs: f.latin, hint: 'eastAsia' };
}

/** Width of text in characters: CJK and full-width forms 1, ASCII ½. For aligning signature and date. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) < 0x2000 ? 0.5 : 1;
  return w;
}
