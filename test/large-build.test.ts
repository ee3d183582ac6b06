import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli';
import { buildsInWorker, LARGE_DATASET_BYTES, LARGE_WORKBOOK_BYTES } from '../src/cli/large-build';
import { DATA } from './helpers';

/**
 * `build` of a large dataset file runs in a worker thread (src/cli/large-build.ts), whose young
 * generation can be capped: the same report, the same messages, the same exit code as on the main
 * thread. The files are padded with trailing whitespace to cross the size, so they build quickly.
 */

const capture = () => {
  const lines: string[] = [];
  return { out: { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) }, lines };
};

function fixture(mutate: (raw: any) => void = () => {}) {
  const dir = mkdtempSync(join(tmpdir(), 'fiscal-report-large-'));
  copyFileSync(join(DATA, 'laiwu-2024-performance.json'), join(dir, 'laiwu-2024-performance.json'));
  const raw = JSON.parse(readFileSync(join(DATA, 'laiwu-2024.json'), 'utf8'));
  mutate(raw);
  const text = JSON.stringify(raw, null, 2);
  writeFileSync(join(dir, 'small.json'), text);
  writeFileSync(join(dir, 'large.json'), text + ' '.repeat(LARGE_DATASET_BYTES));
  return dir;
}

const docxIn = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.docx'));
/** The lines with the run's own paths taken out. */
const same = (lines: string[], dir: string, name: string) => lines.map((l) => l.split(join(dir, name)).join('<数据>').split(dir).join('<目录>'));

describe('build of a large dataset file in a worker thread', () => {
  it('goes to a worker only for a file of LARGE_DATASET_BYTES or more (a workbook LARGE_WORKBOOK_BYTES), from the main thread', () => {
    const dir = fixture();
    expect(buildsInWorker(join(dir, 'large.json'))).toBe(true);
    expect(buildsInWorker(join(dir, 'small.json'))).toBe(false);
    expect(buildsInWorker(join(dir, 'missing.json'))).toBe(false);
    // A workbook holds as many rows in about half the bytes: its own, lower size.
    writeFileSync(join(dir, 'big.xlsx'), Buffer.alloc(LARGE_WORKBOOK_BYTES));
    writeFileSync(join(dir, 'small.xlsx'), Buffer.alloc(LARGE_WORKBOOK_BYTES - 1));
    writeFileSync(join(dir, 'mid.json'), Buffer.alloc(LARGE_WORKBOOK_BYTES));
    expect([buildsInWorker(join(dir, 'big.xlsx')), buildsInWorker(join(dir, 'small.xlsx')), buildsInWorker(join(dir, 'mid.json'))]).toEqual([true, false, false]);
  });

  it('writes the same DOCX, byte for byte, and the same lines as a build on the main thread', async () => {
    const dir = fixture();
    const small = capture();
    expect(await main(['build', join(dir, 'small.json'), '--out', join(dir, 'a')], small.out)).toBe(0);
    const large = capture();
    expect(await main(['build', join(dir, 'large.json'), '--out', join(dir, 'b')], large.out)).toBe(0);
    expect(docxIn(join(dir, 'b'))).toEqual(docxIn(join(dir, 'a')));
    const [name] = docxIn(join(dir, 'a'));
    expect(readFileSync(join(dir, 'b', name!)).equals(readFileSync(join(dir, 'a', name!)))).toBe(true);
    expect(same(large.lines, join(dir, 'b'), 'large.json')).toEqual(same(small.lines, join(dir, 'a'), 'small.json'));
    expect(large.lines.join('\n')).toContain('已生成');
  }, 120000);

  it('reports bad data with its place, exit 1, and writes nothing', async () => {
    const dir = fixture((raw) => (raw.fundBudget.district.income.total = null));
    const { out, lines } = capture();
    expect(await main(['build', join(dir, 'large.json'), '--out', join(dir, 'out')], out)).toBe(1);
    expect(lines.join('\n')).toMatch(/文件 .*large\.json 第 \d+ 行第 \d+ 列：“政府性基金预算·全区·收入·合计”应为数字，实为空值 null。/);
    expect(lines.join('\n')).toContain('未生成报告');
    expect(existsSync(join(dir, 'out')) ? docxIn(join(dir, 'out')) : []).toEqual([]);
  }, 120000);
});
