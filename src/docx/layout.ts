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
/**
 * The document grid: 22 lines of 28 characters. GB/T 9704 counts the page in grid lines and
 * characters, and Word's Page Setup shows this grid as "28 characters, 22 lines".
 *
 * Character pitch: 8845 tw ÷ 28 = 15.795 pt against the 16 pt Normal font, so charSpace =
 * (15.795 − 16) × 4096 ≈ −842. Word and LibreOffice both take the pitch from the Normal style's
 * font size plus charSpace, which is why the Normal style names its size itself (LibreOffice
 * reads only the style, not the document defaults, and otherwise assumes 12 pt).
 *
 * What LibreOffice does with it (checked by rendering; LibreOffice 7.4, see scripts/render.ts):
 * a snapped character wider than the grid cell (16 pt > 15.73 pt) takes two cells, and line
 * breaking and drawing then disagree around Latin digits, so lines of 15 spaced-out characters
 * appear. Word squeezes the same characters onto the pitch instead. So paragraphs do not snap to
 * the grid (w:snapToGrid w:val="0" in the paragraph defaults) and every run is condensed by
 * 0.3 pt (CHAR_SPACING), which gives 28 characters a line by itself: 28 × 15.7 pt = 439.6 pt fits
 * both the 442.25 pt measure (Word, WPS) and LibreOffice's line width, which it rounds down to
 * whole grid cells (28 × 15.73 pt = 440.5 pt). Lines are exact 28 pt, 22 to the 225 mm block.
 * Not snapping also keeps the 22 pt title and the smaller table text from being spread over
 * whole grid cells in Word.
 */
export const GRID = { linePitch: 579, charSpace: -842 };
/** Run character spacing in twentieths of a point: −0.3 pt (see GRID). */
export const CHAR_SPACING = -6;
/** Two characters of 三号 for first-line indents, alongside firstLineChars (which LibreOffice ignores). */
export const INDENT_2 = 640;
/** One character of body text on the grid, in twips (for indents that have no *Chars form). */
export const CHAR = Math.floor(TEXT_WIDTH / 28);
/** The advance of one 三号 character as set: 16 pt less the run spacing, in twips. */
export const ADVANCE = 320 + CHAR_SPACING;

/** Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt, 五号 10.5 pt. */
export const SIZE = { er: 44, san: 32, si: 28, xiaosi: 24, wu: 21 };

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
  /** Page numbers: 宋体 throughout, so the digits are 宋体's half-width digits (GB/T 9704 7.5). */
  pageNumber: { eastAsia: '宋体', latin: '宋体' },
} satisfies Record<string, FontSpec>;

/**
 * What word/fontTable.xml says of each font the document names, so that Word and WPS on a PC
 * without the official fonts fall back to the right face (w:altName) of the right script (charset
 * 86 = GB2312) and kind (family, pitch, PANOSE). Values as Word itself writes them for these fonts.
 */
export interface FontInfo {
  altName: string;
  panose: string;
  /** Hex, as in the XML: 86 GB2312, 00 ANSI. */
  charset: string;
  family: 'roman' | 'swiss' | 'modern' | 'script' | 'decorative' | 'auto';
  pitch: 'fixed' | 'variable' | 'default';
}

export const FONT_INFO: Record<string, FontInfo> = {
  仿宋_GB2312: { altName: '仿宋', panose: '02010609030101010101', charset: '86', family: 'modern', pitch: 'fixed' },
  楷体_GB2312: { altName: '楷体', panose: '02010609030101010101', charset: '86', family: 'modern', pitch: 'fixed' },
  方正小标宋简体: { altName: '宋体', panose: '02000000000000000000', charset: '86', family: 'auto', pitch: 'variable' },
  黑体: { altName: 'SimHei', panose: '02010609060101010101', charset: '86', family: 'modern', pitch: 'fixed' },
  宋体: { altName: 'SimSun', panose: '02010600030101010101', charset: '86', family: 'auto', pitch: 'variable' },
  'Times New Roman': { altName: 'Liberation Serif', panose: '02020603050405020304', charset: '00', family: 'roman', pitch: 'variable' },
};

export function runFont(f: FontSpec) {
  return { ascii: f.latin, hAnsi: f.latin, eastAsia: f.eastAsia, cs: f.latin, hint: 'eastAsia' };
}

/** Width of text in characters: CJK and full-width forms 1, ASCII ½. For aligning signature and date. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) < 0x2000 ? 0.5 : 1;
  return w;
}
