import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli';
import { findLibreOffice, INSTALL_HINT } from '../src/write/pdf';
import { LAIWU } from './helpers';
import { LIBREOFFICE } from './libreoffice';

function capture() {
  const logs: string[] = [];
  const errors: string[] = [];
  return { out: { log: (s: string) => logs.push(s), error: (s: string) => errors.push(s) }, logs, errors };
}

describe('build --pdf', () => {
  it('says in Chinese how to install LibreOffice when it is missing, and still writes the DOCX', async () => {
    const saved = { PATH: process.env.PATH, FISCAL_REPORT_SOFFICE: process.env.FISCAL_REPORT_SOFFICE };
    process.env.PATH = mkdtempSync(join(tmpdir(), 'fiscal-report-nopath-'));
    delete process.env.FISCAL_REPORT_SOFFICE;
    try {
      expect(findLibreOffice()).toBeNull();
      const dir = mkdtempSync(join(tmpdir(), 'fiscal-report-pdf-'));
      const { out, errors } = capture();
      expect(await main(['build', LAIWU, '--out', dir, '--pdf'], out)).toBe(1);
      expect(errors.join('\n')).toContain('未生成 PDF：本机未安装 LibreOffice。');
      expect(errors.join('\n')).toContain('apt-get install libreoffice-writer');
      expect(INSTALL_HINT).toMatch(/Windows 或 macOS/);
      expect(readdirSync(dir).filter((f) => f.endsWith('.docx'))).toHaveLength(1);
      expect(readdirSync(dir).filter((f) => f.endsWith('.pdf'))).toHaveLength(0);
    } finally {
      process.env.PATH = saved.PATH;
      if (saved.FISCAL_REPORT_SOFFICE !== undefined) process.env.FISCAL_REPORT_SOFFICE = saved.FISCAL_REPORT_SOFFICE;
    }
  });

  (LIBREOFFICE ? it : it.skip)('writes a PDF beside the DOCX through LibreOffice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fiscal-report-pdf-'));
    const { out, logs } = capture();
    expect(await main(['build', LAIWU, '--out', dir, '--pdf'], out)).toBe(0);
    const pdf = join(dir, '关于莱芜区2024年决算和2025年上半年预算执行情况的报告.pdf');
    expect(existsSync(pdf)).toBe(true);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(logs.join('\n')).toContain(`已生成：${pdf}`);
  });
});
