import { AlignmentType, LineRuleType, type IStylesOptions } from 'docx';
import { STYLE, STYLE_RUNS } from './style-ids';
import { CHAR_SPACING, FONT, INDENT_2, LINE, SIZE, runFont, type FontSpec } from './layout';

export { STYLE, STYLE_RUNS };

const styleRun = (id: string) => ({ font: runFont(STYLE_RUNS[id]!.font), size: STYLE_RUNS[id]!.size });

const exact = { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 };

// docx's built-in heading styles (Heading1…, "heading 1", based on Normal) get our fonts and
// outline levels; a writer restyles all headings of a level at once in Word.
function heading(level: number, id: string) {
  return {
    run: { ...styleRun(id), bold: false, italics: false, color: '000000' },
    paragraph: { outlineLevel: level - 1, spacing: exact, indent: { firstLine: INDENT_2, firstLineChars: 200 }, keepNext: true },
  };
}

export function documentStyles(): IStylesOptions {
  const headings = [heading(1, STYLE.h1), heading(2, STYLE.h2), heading(3, STYLE.h3), heading(4, STYLE.h4)];
  return {
    default: {
      document: {
        run: { ...styleRun(STYLE.body), characterSpacing: CHAR_SPACING },
        paragraph: { spacing: exact, indent: { firstLine: INDENT_2, firstLineChars: 200 }, alignment: AlignmentType.BOTH },
      },
      title: {
        run: { ...styleRun(STYLE.title), bold: false, color: '000000' },
        paragraph: { alignment: AlignmentType.CENTER, spacing: { line: 700, lineRule: LineRuleType.EXACT, before: 0, after: 0 }, indent: { firstLine: 0, firstLineChars: 0 } },
      },
      heading1: headings[0]!,
      heading2: headings[1]!,
      heading3: headings[2]!,
      heading4: headings[3]!,
    },
    paragraphStyles: [
      // Normal names its size itself: the grid's character pitch is computed from it (layout.ts GRID).
      { id: STYLE.body, name: 'Normal', run: styleRun(STYLE.body), quickFormat: true },
      {
        id: STYLE.tableText,
        name: 'Table Text',
        basedOn: 'Normal',
        quickFormat: true,
        run: styleRun(STYLE.tableText),
        paragraph: { indent: { firstLine: 0, firstLineChars: 0 }, spacing: { line: 360, lineRule: LineRuleType.EXACT, before: 0, after: 0 } },
      },
      {
        id: STYLE.footer,
        name: 'footer',
        basedOn: 'Normal',
        run: styleRun(STYLE.footer),
        paragraph: { indent: { firstLine: 0, firstLineChars: 0 }, spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 } },
      },
    ],
  };
}
