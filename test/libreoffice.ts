import { spawnSync } from 'node:child_process';

/** The LibreOffice binary, or null where it is not installed (tests that need it then skip). */
export function libreoffice(): string | null {
  for (const bin of ['libreoffice', 'soffice']) {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return bin;
  }
  return null;
}

export const LIBREOFFICE = libreoffice();
// Outside jest (npm run fuzz), there is no describe: the fuzz script only asks whether it is installed.
export const describeWithLibreOffice = typeof describe === 'undefined' ? (undefined as unknown as jest.Describe) : LIBREOFFICE ? describe : describe.skip;
if (!LIBREOFFICE) {
  // Said once per test file, so a skipped check is never mistaken for a passed one.
  console.warn("未安装 LibreOffice：跳过需要 LibreOffice 的测试（Debian: apt-get install libreoffice-writer fonts-noto-cjk fonts-liberation2 poppler-utils）");
}
