import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPECTED, render, report } from '../scripts/render';
import { readPdfLines, TEXT_BLOCK } from '../scripts/measure';
import { runsText } from '../src/model/doc';
import { LAIWU } from './helpers';
import { LIBREOFFICE } from './libreoffice';

const POPPLER = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' }).error === undefined;
const run = LIBREOFFICE && POPPLER ? describe : describe.skip;
if (LIBREOFFICE && !POPPLER) console.warn('未安装 poppler-utils（pdftotext）：跳过排版行数、字数的渲染检查（Debian: apt-get install poppler-utils）');

// The check `npm run render` makes, as a test: LibreOffice (Noto CJK standing in for the official
// fonts, tools/fonts.conf) lays the Laiwu report out at 22 lines a page and 28 characters a line.
run('rendered by LibreOffice, the Laiwu report', () => {
  let result: Awaited<ReturnType<typeof render>>;
  beforeAll(async () => {
    result = await render(LAIWU, mkdtempSync(join(tmpdir(), 'fiscal-report-render-')), LIBREOFFICE!, false);
  });

  it(`holds ${EXPECTED.lines} lines on a full body page`, () => {
    expect(result.summary.maxLinesPerPage).toBe(EXPECTED.lines);
    expect(result.summary.fullPages.length).toBeGreaterThanOrEqual(3);
  });

  it(`holds ${EXPECTED.chars} characters on every full line`, () => {
    expect(result.summary.fullLineCount).toBeGreaterThan(20);
    expect(result.summary.charsPerFullLine).toEqual([EXPECTED.chars]);
    expect(report(result).ok).toBe(true);
  });

  it('numbers pages with em dashes, odd pages right and even pages left, none on the cover or its back', () => {
    const { pages } = result.summary;
    const footers = pages.map((p) => p.footer);
    expect(footers[0]).toBeUndefined();
    expect(footers[1]).toBeUndefined();
    for (let p = 3; p <= pages.length; p++) {
      const f = footers[p - 1]!;
      const n = p - 2;
      expect(f.text).toBe(`—${n}—`);
      // Body page n: odd n right (one character in from the right edge), even n left.
      // One 16 pt character in from the edge of the text block.
      const inset = n % 2 ? TEXT_BLOCK.right - f.x1 : f.x0 - TEXT_BLOCK.left;
      expect(inset).toBeGreaterThan(14);
      expect(inset).toBeLessThan(18);
    }
  });

  it('starts the report on an odd page: the memo, its blank back, then the title page numbered 1, printed double-sided', () => {
    const lines = readPdfLines(result.pdf);
    expect(lines[0]!.lines.map((l) => l.text).join('')).toContain('区人大常委会：');
    expect(lines[1]!.lines).toEqual([]);
    expect(lines[2]!.lines.map((l) => l.text).join('')).toContain('关于莱芜区2024年决算');
    expect(result.summary.pages[2]!.footer!.text).toBe('—1—');
  });

  it('keeps the run-in look: each run-in heading shares its line with the text after it', () => {
    const lines = readPdfLines(result.pdf).flatMap((p) => p.lines.map((l) => l.text));
    const runIns = result.doc.blocks.filter((b) => b.type === 'heading' && b.body);
    expect(runIns.length).toBeGreaterThan(10);
    for (const b of runIns) {
      if (b.type !== 'heading') continue;
      const heading = b.number + runsText(b.runs);
      // The line that starts with the heading goes on into the body (as in the one-paragraph form).
      const line = lines.find((l) => l.startsWith(heading.slice(0, 8)));
      expect(line).toBeDefined();
      expect(line!.length).toBeGreaterThan(heading.length);
      expect(heading + runsText(b.body!)).toContain(line!);
    }
  });

  it('continues a table across pages under its repeated header, with the scope label 区级（续）', () => {
    const pages = readPdfLines(result.pdf);
    const page = pages.find((p) => p.lines.some((l) => l.text === '区级（续）'))!;
    expect(page).toBeDefined();
    const texts = page.lines.map((l) => l.text);
    const at = texts.indexOf('区级（续）');
    // Header rows first (项目, 决算数, 比较（%）…), then the label, then the rows it heads.
    expect(texts.slice(0, at).join('')).toContain('项目');
    expect(texts.slice(0, at).join('')).toContain('比上年增长');
    expect(at).toBeLessThan(6);
    // The page before ends the table where the plan ended it: no row of this page is on it too.
    const before = pages[page.number - 2]!.lines.map((l) => l.text).join('\n');
    expect(before).toContain('区级');
    expect(before).not.toContain('区级（续）');
  });
});
