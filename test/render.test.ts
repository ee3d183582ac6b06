import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPECTED, render, report } from '../scripts/render';
import { TEXT_BLOCK } from '../scripts/measure';
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

  it('numbers pages with em dashes, odd pages right and even pages left, none on the cover', () => {
    const { pages } = result.summary;
    const footers = pages.map((p) => p.footer);
    expect(footers[0]).toBeUndefined();
    for (let p = 2; p <= pages.length; p++) {
      const f = footers[p - 1]!;
      const n = p - 1;
      expect(f.text).toBe(`—${n}—`);
      // Body page n: odd n right (one character in from the right edge), even n left.
      // One 16 pt character in from the edge of the text block.
      const inset = n % 2 ? TEXT_BLOCK.right - f.x1 : f.x0 - TEXT_BLOCK.left;
      expect(inset).toBeGreaterThan(14);
      expect(inset).toBeLessThan(18);
    }
  });
});
