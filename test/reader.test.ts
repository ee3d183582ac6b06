import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packReport } from '../src/docx/pack';
import { laiwuRaw, mustBuild, squash } from './helpers';
import { describeWithLibreOffice, LIBREOFFICE } from './libreoffice';

describeWithLibreOffice('an independent reader (LibreOffice) opens the report', () => {
  it('and finds its text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fiscal-report-lo-'));
    const docx = join(dir, 'report.docx');
    writeFileSync(docx, await packReport(mustBuild(laiwuRaw())));
    const r = spawnSync(LIBREOFFICE!, ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'txt:Text (encoded):UTF8', '--outdir', dir, docx], {
      encoding: 'utf8',
      timeout: 120000,
    });
    expect(r.status).toBe(0);
    const text = squash(readFileSync(join(dir, 'report.txt'), 'utf8'));
    expect(text).toContain('关于莱芜区2024年决算和2025年上半年预算执行情况的报告');
    expect(text).toContain('全区一般公共预算总收入1165436万元');
    expect(text).toContain('以上报告，请予审议。');
  });
});
