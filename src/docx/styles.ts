import { AlignmentType, LineRuleType, type IStylesOptions } from 'docx';
import { STYLE } from './style-ids';
import { CHAR_SPACING, FONT, INDENT_2, LINE, SIZE, runFont, type FontSpec } from './layout';

export { STYLE };

const exact = { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 };

// docx's built-in heading styles (Heading1…, "heading 1", based on Normal) get our fonts and
// outline levels; a writer restyles all headings of a level at once in Word.
function heading(level: number, font: FontSpec) {
  return {
    run: { font: runFont(font), size: SIZE.san, bold: false, italics: false, color: '000000' },
    paragraph: { outlineLevel: level - 1, spacing: exact, indent: { firstLine: INDENT_2, firstLineChars: 200 }, keepNext: true },
  };
}

export function documentStyles(): IStylesOptions {
  const headings = [heading(1, FONT.hei), heading(2, FONT.kai), heading(3, FONT.body), heading(4, FONT.body)];
  return {
    default: {
      document: {
        run: { font: runFont(FONT.body), size: SIZE.san, characterSpacing: CHAR_SPACING },
        paragraph: { spacing: exact, indent: { firstLine: INDENT_2, firstLineChars: 200 }, alignment: AlignmentType.BOTH },
      },
      title: {
        run: { font: runFont(FONT.title), size: SIZE.er, bold: false, color: '000000' },
        paragraph: { alignment: AlignmentType.CENTER, spacing: { line: 700, lineRule: LineRuleType.EXACT, before: 0, after: 0 }, indent: { firstLine: 0, firstLineChars: 0 } },
      },
      heading1: headings[0]!,
      heading2: headings[1]!,
      heading3: headings[2]!,
      heading4: headings[3]!,
    },
    paragraphStyles: [
      // Normal names its size itself: the grid's character pitch is computed from it (layout.ts GRID).
      { id: STYLE.body, name: 'Normal', run: { font: runFont(FONT.body), size: SIZE.san }, quickFormat: true },
      {
        id: STYLE.tableText,
        name: 'Table Text',
        basedOn: 'Normal',
        quickFormat: true,
        run: { font: runFont(FONT.body), size: SIZE.xiaosi },
        paragraph: { indent: { firstLine: 0, firstLineChars: 0 }, spacing: { line: 360, lineRule: LineRuleType.EXACT, before: 0, after: 0 } },
      },
      {
        id: STYLE.footer,
        name: 'footer',
        basedOn: 'Normal',
        run: { font: runFont(FONT.song), size: SIZE.si },
        paragraph: { indent: { firstLine: 0, firstLineChars: 0 }, spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 } },
      },
    ],
  };
}
