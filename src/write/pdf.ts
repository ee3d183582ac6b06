import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FiscalError } from '../model/issue';
import { docxForLibreOffice } from '../docx/run-in';
import { withoutOwnMalloc } from '../child-env';

/** How to install what the PDF needs, said wherever it is missing. */
export const INSTALL_HINT =
  '生成 PDF 需要 LibreOffice：Debian/Ubuntu 运行 sudo apt-get install libreoffice-writer fonts-noto-cjk；' +
  'Windows 或 macOS 从 https://zh-cn.libreoffice.org 下载安装，并确保 soffice 在 PATH 中（或设置环境变量 FISCAL_REPORT_SOFFICE 为其完整路径）。';

/** The bundled font map (official fonts → Noto CJK where they are missing); see tools/fonts.conf. */
export const FONTS_CONF = resolve(__dirname, '..', '..', 'tools', 'fonts.conf');

/** LibreOffice's environment for a conversion: the project's fonts.conf unless one is set, without this program's own malloc settings (child-env.ts). */
function conversionEnv(): NodeJS.ProcessEnv {
  const env = withoutOwnMalloc();
  if (!env.FONTCONFIG_FILE && existsSync(FONTS_CONF)) env.FONTCONFIG_FILE = FONTS_CONF;
  return env;
}

/** The LibreOffice binary, or null where none is installed. */
export function findLibreOffice(env: NodeJS.ProcessEnv = withoutOwnMalloc()): string | null {
  const candidates = [env.FISCAL_REPORT_SOFFICE, 'soffice', 'libreoffice'].filter((c): c is string => !!c);
  for (const bin of candidates) {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 60000, env });
    if (!r.error && r.status === 0) return bin;
  }
  return null;
}

/**
 * DOCX file → PDF bytes through LibreOffice (headless, with its own throwaway profile so it runs
 * beside an open LibreOffice). Fonts: the user's FONTCONFIG_FILE if set, else tools/fonts.conf.
 * LibreOffice is given run-in headings in their one-paragraph form (docx/run-in.ts).
 */
export function docxToPdf(docx: string, options: { soffice?: string; timeoutMs?: number } = {}): Buffer {
  const soffice = options.soffice ?? findLibreOffice();
  if (!soffice) throw new FiscalError(`未找到 LibreOffice，未生成 PDF。${INSTALL_HINT}`, [], 1);
  const work = mkdtempSync(join(tmpdir(), 'fiscal-report-pdf-'));
  try {
    const env = conversionEnv();
    const inDir = join(work, 'in');
    mkdirSync(inDir);
    const input = join(inDir, basename(docx));
    writeFileSync(input, docxForLibreOffice(readFileSync(resolve(docx))));
    const r = spawnSync(
      soffice,
      ['--headless', '--norestore', `-env:UserInstallation=${pathToFileURL(join(work, 'profile')).href}`, '--convert-to', 'pdf:writer_pdf_Export', '--outdir', work, input],
      { encoding: 'utf8', env, timeout: options.timeoutMs ?? 300000 },
    );
    const pdf = join(work, `${basename(docx, extname(docx))}.pdf`);
    if (r.error || r.status !== 0 || !existsSync(pdf)) {
      const why = r.error ? r.error.message : (r.stderr || r.stdout || `退出码 ${r.status}`).trim();
      throw new FiscalError(`LibreOffice 转换 PDF 失败（${docx}）：${why}`, [], 1);
    }
    return readFileSync(pdf);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ ok: boolean; why: string }> {
  return new Promise((done) => {
    execFile(bin, args, { env, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
      done(err ? { ok: false, why: (String(stderr || stdout).trim() || err.message).slice(0, 2000) } : { ok: true, why: '' });
    });
  });
}

/** findLibreOffice without blocking the event loop (a server checks while it serves). */
export async function findLibreOfficeAsync(env: NodeJS.ProcessEnv = withoutOwnMalloc()): Promise<string | null> {
  const candidates = [env.FISCAL_REPORT_SOFFICE, 'soffice', 'libreoffice'].filter((c): c is string => !!c);
  for (const bin of candidates) if ((await run(bin, ['--version'], env, 60000)).ok) return bin;
  return null;
}

/**
 * DOCX bytes → PDF bytes through LibreOffice, asynchronously: the DOCX is written to a private
 * temporary directory (with LibreOffice's throwaway profile), converted and removed again.
 */
export async function docxBytesToPdf(docx: Uint8Array, options: { soffice: string; timeoutMs?: number }): Promise<Buffer> {
  const work = await mkdtemp(join(tmpdir(), 'fiscal-report-pdf-'));
  try {
    const input = join(work, 'report.docx');
    await writeFile(input, docxForLibreOffice(docx));
    const env = conversionEnv();
    const args = ['--headless', '--norestore', `-env:UserInstallation=${pathToFileURL(join(work, 'profile')).href}`, '--convert-to', 'pdf:writer_pdf_Export', '--outdir', work, input];
    const r = await run(options.soffice, args, env, options.timeoutMs ?? 300000);
    const pdf = join(work, 'report.pdf');
    if (!r.ok || !existsSync(pdf)) throw new FiscalError(`LibreOffice 转换 PDF 失败：${r.why || '未生成 PDF'}`, [], 1);
    return await readFile(pdf);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
