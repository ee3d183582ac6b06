/**
 * npm run render [-- 数据文件] [--out 目录]
 *
 * Builds a report (by default the Laiwu example), converts it to PDF with LibreOffice using the
 * repo's tools/fonts.conf (Noto CJK standing in for the official fonts), writes a PNG per page and
 * reports what GB/T 9704 asks of the layout: lines on a full body page (22) and characters on a
 * full line (28). Exits 1 when the counts are off, 2 when LibreOffice or poppler is missing.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDatasetFile } from '../src/load/dataset';
import { loadTemplates } from '../src/load/templates';
import { loadLinkedReports } from '../src/load/linked';
import { buildReportDoc } from '../src/pipeline';
import { packReport } from '../src/docx/pack';
import { docxToPdf, findLibreOffice, FONTS_CONF, INSTALL_HINT } from '../src/write/pdf';
import { formatIssue } from '../src/model/issue';
import type { ReportDoc } from '../src/model/doc';
import { measurePages, readPdfLines, summarize, type RenderSummary } from './measure';

export const EXPECTED = { lines: 22, chars: 28 };

export interface RenderResult {
  docx: string;
  pdf: string;
  pngs: string[];
  summary: RenderSummary;
  /** The document model the DOCX was written from. */
  doc: ReportDoc;
}

/** Builds, converts and measures; throws on a data error or a missing tool. */
export async function render(dataset: string, outDir: string, soffice: string, png = true): Promise<RenderResult> {
  const loaded = await loadDatasetFile(dataset);
  const { doc, issues } = buildReportDoc(loaded, loadTemplates(), { linked: await loadLinkedReports(loaded, dataset) });
  if (!doc) throw new Error(issues.map(formatIssue).join('\n'));
  mkdirSync(outDir, { recursive: true });
  const docx = join(outDir, 'report.docx');
  writeFileSync(docx, await packReport(doc));
  const pdf = join(outDir, 'report.pdf');
  // The repo's font map, whatever the caller's environment says: the counts are checked against it.
  process.env.FONTCONFIG_FILE = FONTS_CONF;
  writeFileSync(pdf, docxToPdf(docx, { soffice }));
  const pngs: string[] = [];
  if (png) {
    for (const f of readdirSync(outDir)) if (/^page-\d+\.png$/.test(f)) rmSync(join(outDir, f));
    const r = spawnSync('pdftoppm', ['-png', '-r', '50', pdf, join(outDir, 'page')], { encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new Error(`pdftoppm 运行失败（需要 poppler-utils）：${r.error?.message ?? r.stderr}`);
    pngs.push(...readdirSync(outDir).filter((f) => /^page-\d+\.png$/.test(f)).sort().map((f) => join(outDir, f)));
  }
  return { docx, pdf, pngs, summary: summarize(measurePages(readPdfLines(pdf))), doc };
}

export function report(r: RenderResult): { ok: boolean; text: string } {
  const s = r.summary;
  const linesOk = s.maxLinesPerPage === EXPECTED.lines && s.fullPages.length > 0;
  const charsOk = s.charsPerFullLine.length === 1 && s.charsPerFullLine[0] === EXPECTED.chars;
  const lines = [
    `DOCX：${r.docx}`,
    `PDF：${r.pdf}（${s.pages.length} 页）`,
    ...(r.pngs.length ? [`PNG：${r.pngs.length} 张，如 ${r.pngs[0]}`] : []),
    `每页行数（正文页）：${s.pages.map((p) => (p.body ? `${p.page}:${p.lines}` : `${p.page}:表`)).join(' ')}`,
    `满页行数：${s.maxLinesPerPage}（应为 ${EXPECTED.lines}；满页：第 ${s.fullPages.join('、')} 页）${linesOk ? ' ✓' : ' ✗'}`,
    `满行字数：${s.charsPerFullLine.join('、') || '无'}（应为 ${EXPECTED.chars}；共检查 ${s.fullLineCount} 个全为汉字的满行）${charsOk ? ' ✓' : ' ✗'}`,
  ];
  return { ok: linesOk && charsOk, text: lines.join('\n') };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { out: { type: 'string' } }, allowPositionals: true });
  const dataset = resolve(positionals[0] ?? join(__dirname, '..', 'data', 'laiwu-2024.json'));
  const outDir = resolve(values.out ?? join(__dirname, '..', 'output', 'render'));
  const soffice = findLibreOffice();
  if (!soffice) {
    console.error(`未找到 LibreOffice。${INSTALL_HINT} 另需 poppler-utils（pdftoppm、pdftotext）。`);
    return 2;
  }
  const r = await render(dataset, outDir, soffice);
  const { ok, text } = report(r);
  console.log(text);
  return ok ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exitCode = 1;
    },
  );
}
