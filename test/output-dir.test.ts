import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANIFEST, OutputDir, sha256 } from '../src/write/outputs';
import { writeFileAtomicAsync } from '../src/write/atomic';

const tmp = () => mkdtempSync(join(tmpdir(), 'fiscal-outdir-'));
const bytes = (s: string) => new Uint8Array(Buffer.from(s));
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'));

describe('OutputDir.writeAllAsync (the batch writes on libuv threads)', () => {
  it('writes started together on one directory run in the order made, each deciding from what the last wrote', async () => {
    const dir = tmp();
    const od = new OutputDir(dir);
    // Not awaited one by one: without the directory's queue the second would find the first half-written.
    const all = await Promise.all(['一', '二', '三'].map((v, i) => od.writeAllAsync([{ name: '报告.docx', data: bytes(v) }], {}, { name: 'job', key: `k${i}` })));
    expect(all.map((o) => o[0]!.status)).toEqual(['written', 'written', 'written']);
    expect(readFileSync(join(dir, '报告.docx'), 'utf8')).toBe('三');
    expect(manifest(dir).files['报告.docx']).toEqual({ sha256: sha256('三') });
    expect(manifest(dir).jobs.job).toEqual({ key: 'k2', outputs: ['报告.docx'] });
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('keeps an edited draft and writes beside it, as the synchronous writeAll does', async () => {
    const outcomes = [];
    for (const mode of ['sync', 'async'] as const) {
      const dir = tmp();
      const write = (data: string) => {
        const od = new OutputDir(dir); // a new run reads the manifest again
        const items = [{ name: '报告.docx', data: bytes(data) }];
        return mode === 'sync' ? od.writeAll(items) : od.writeAllAsync(items);
      };
      await write('第一稿');
      writeFileSync(join(dir, '报告.docx'), '写稿人改过');
      const [kept] = await write('第二稿');
      expect(readFileSync(join(dir, '报告.docx'), 'utf8')).toBe('写稿人改过');
      expect(readFileSync(join(dir, '报告（新版）.docx'), 'utf8')).toBe('第二稿');
      outcomes.push({ ...kept!, file: kept!.file.slice(dir.length), ...(kept!.status === 'kept' ? { editedFile: kept!.editedFile.slice(dir.length) } : {}) });
    }
    expect(outcomes[0]).toEqual({ status: 'kept', file: '/报告（新版）.docx', editedFile: '/报告.docx' });
    expect(outcomes[1]).toEqual(outcomes[0]);
  });

  it('a failed write rejects, leaves no temporary file, and does not stop the next write on that directory', async () => {
    const dir = tmp();
    mkdirSync(join(dir, '目录.docx')); // a directory where the file should go: the rename fails
    const od = new OutputDir(dir);
    const failed = od.writeAllAsync([{ name: '目录.docx', data: bytes('x') }]);
    const next = od.writeAllAsync([{ name: '报告.docx', data: bytes('y') }]);
    await expect(failed).rejects.toThrow();
    expect((await next)[0]!.status).toBe('written');
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
});

describe('writeFileAtomicAsync', () => {
  it('replaces a file whole and creates missing directories', async () => {
    const dir = tmp();
    const file = join(dir, 'a', 'b', 'c.txt');
    await writeFileAtomicAsync(file, '旧');
    await writeFileAtomicAsync(file, Buffer.from('新'));
    expect(readFileSync(file, 'utf8')).toBe('新');
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['c.txt']);
  });
});
