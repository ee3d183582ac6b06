import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANIFEST, OutputDir, sha256 } from '../src/write/outputs';
import { writeFileAtomicAsync } from '../src/write/atomic';

// The module object itself (an import's namespace cannot be spied on): atomic.ts looks its functions up on it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('node:fs') as typeof import('node:fs');
const tmp = () => mkdtempSync(join(tmpdir(), 'fiscal-outdir-'));
/** This process's open file descriptors (Linux; elsewhere none are counted). */
const openFds = (): number => (process.platform === 'linux' ? fs.readdirSync('/proc/self/fd').length : 0);
/** Renames onto a name ending `name` fail with `error()` (a full disk, a kill), others run as they are. */
function renameFails(name: string, error: () => Error) {
  const real = fs.rename;
  return jest.spyOn(fs, 'rename').mockImplementation(((from: string, to: string, cb: (e: Error | null) => void) =>
    String(to).endsWith(name) ? process.nextTick(cb, error()) : real(from, to, cb)) as never);
}
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

  it('a write that fails after the write-ahead record leaves the old file, no temporary file, a manifest that still knows it, and the next write working', async () => {
    const dir = tmp();
    const od = new OutputDir(dir);
    await od.writeAllAsync([{ name: '报告.docx', data: bytes('旧') }]);
    // The report's rename fails (a full disk): the write-ahead manifest is saved, the report is not.
    const spy = renameFails('报告.docx', () => Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
    try {
      await expect(od.writeAllAsync([{ name: '报告.docx', data: bytes('新') }])).rejects.toThrow('no space');
    } finally {
      spy.mockRestore();
    }
    expect(readFileSync(join(dir, '报告.docx'), 'utf8')).toBe('旧');
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
    expect(manifest(dir).files['报告.docx']).toEqual({ sha256: sha256('新'), prior: sha256('旧') });
    // The same directory writes on; a later run sees the old file as its own, not as a writer's edit.
    expect((await od.writeAllAsync([{ name: '说明.docx', data: bytes('y') }]))[0]!.status).toBe('written');
    expect((await new OutputDir(dir).writeAllAsync([{ name: '报告.docx', data: bytes('再') }]))[0]!.status).toBe('written');
    expect(readdirSync(dir).filter((n) => n.endsWith('.docx')).sort()).toEqual(['报告.docx', '说明.docx']);
  });

  it('after two interrupted writes in a row the file left is still known as ours', async () => {
    const dir = tmp();
    await new OutputDir(dir).writeAllAsync([{ name: '报告.docx', data: bytes('一') }]);
    const spy = renameFails('报告.docx', () => new Error('killed'));
    try {
      // Each a run of its own (a new OutputDir reads the manifest the last one left).
      await expect(new OutputDir(dir).writeAllAsync([{ name: '报告.docx', data: bytes('二') }])).rejects.toThrow('killed');
      await expect(new OutputDir(dir).writeAllAsync([{ name: '报告.docx', data: bytes('三') }])).rejects.toThrow('killed');
    } finally {
      spy.mockRestore();
    }
    expect(readFileSync(join(dir, '报告.docx'), 'utf8')).toBe('一');
    // The file there is the first build: recorded as the prior of the last attempt, so it is replaced, not kept as edited.
    expect(manifest(dir).files['报告.docx']).toEqual({ sha256: sha256('三'), prior: sha256('一') });
    expect((await new OutputDir(dir).writeAllAsync([{ name: '报告.docx', data: bytes('四') }]))[0]!.status).toBe('written');
    expect(readdirSync(dir).filter((n) => n.endsWith('.docx'))).toEqual(['报告.docx']);
  });

  it('refuses a synchronous write while an asynchronous one is queued on the same directory', async () => {
    const od = new OutputDir(tmp());
    const queued = od.writeAllAsync([{ name: 'a.docx', data: bytes('a') }]);
    expect(() => od.writeAll([{ name: 'b.docx', data: bytes('b') }])).toThrow('内部错误');
    await queued;
    expect(od.writeAll([{ name: 'b.docx', data: bytes('b') }])[0]!.status).toBe('written');
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

  it('makes the directory only when it is missing (once for several files written there)', async () => {
    const dir = tmp();
    const mkdir = jest.spyOn(fs, 'mkdir');
    try {
      for (const name of ['报告.docx', '.fiscal-report.json', '报告.docx']) await writeFileAtomicAsync(join(dir, 'out', name), name);
      expect(mkdir).toHaveBeenCalledTimes(1);
      expect(readdirSync(join(dir, 'out')).sort()).toEqual(['.fiscal-report.json', '报告.docx']);
    } finally {
      mkdir.mockRestore();
    }
  });

  it('a write the disk refuses at any step fails with its error, leaving the old file and no temporary file', async () => {
    const dir = tmp();
    const file = join(dir, 'out', '报告.docx');
    await writeFileAtomicAsync(file, '旧');
    const eio = (syscall: string) => Object.assign(new Error(`EIO: i/o error, ${syscall}`), { code: 'EIO', syscall });
    type Cb = (e: NodeJS.ErrnoException | null, ...r: unknown[]) => void;
    // Each step in turn fails: the write, the flush to disk, closing (each done, then reported as
    // failed, as a disk may), the rename (not done).
    for (const step of ['write', 'fsync', 'close', 'rename'] as const) {
      const real = fs[step] as unknown as (...a: unknown[]) => void;
      const spy = jest.spyOn(fs, step).mockImplementation(((...a: unknown[]) => {
        const cb = a[a.length - 1] as Cb;
        if (step === 'rename') return process.nextTick(cb, eio(step));
        real(...a.slice(0, -1), (e: NodeJS.ErrnoException | null) => cb(e ?? eio(step)));
      }) as never);
      const fds = openFds();
      try {
        await expect(writeFileAtomicAsync(file, '新')).rejects.toMatchObject({ code: 'EIO', syscall: step });
      } finally {
        spy.mockRestore();
      }
      // The temporary file's descriptor is closed on every path (Linux lets an open file be unlinked).
      expect(openFds()).toEqual(fds);
      expect(readFileSync(file, 'utf8')).toBe('旧');
      expect(readdirSync(join(dir, 'out'))).toEqual(['报告.docx']);
    }
  });

  it('an argument fs refuses inside a step fails the write like a disk error (the descriptor closed, nothing left)', async () => {
    const dir = tmp();
    const file = join(dir, '报告.docx');
    await writeFileAtomicAsync(file, '旧');
    const fds = openFds();
    const spy = jest.spyOn(fs, 'write').mockImplementation((() => {
      throw Object.assign(new RangeError('The value of "length" is out of range.'), { code: 'ERR_OUT_OF_RANGE' });
    }) as never);
    try {
      await expect(writeFileAtomicAsync(file, '新')).rejects.toMatchObject({ code: 'ERR_OUT_OF_RANGE' });
    } finally {
      spy.mockRestore();
    }
    expect(openFds()).toEqual(fds);
    expect(readFileSync(file, 'utf8')).toBe('旧');
    expect(readdirSync(dir)).toEqual(['报告.docx']);
  });

  it('writes empty data, and a Uint8Array view as it is', async () => {
    const dir = tmp();
    await writeFileAtomicAsync(join(dir, 'empty'), '');
    expect(readFileSync(join(dir, 'empty')).length).toBe(0);
    const whole = new Uint8Array([1, 2, 3, 4, 5, 6]);
    await writeFileAtomicAsync(join(dir, 'view'), whole.subarray(2, 5));
    expect([...readFileSync(join(dir, 'view'))]).toEqual([3, 4, 5]);
  });

  it('writes every byte of a large file', async () => {
    const dir = tmp();
    const big = Buffer.alloc(9 << 20);
    for (let i = 0; i < big.length; i += 4096) big[i] = (i >> 12) & 0xff;
    await writeFileAtomicAsync(join(dir, 'big.bin'), big);
    expect(readFileSync(join(dir, 'big.bin')).equals(big)).toBe(true);
    // A disk that takes a little at a time (a write may write fewer bytes than asked): the rest follows.
    const real = fs.write as unknown as (...a: unknown[]) => void;
    const calls: number[] = [];
    const spy = jest.spyOn(fs, 'write').mockImplementation(((fd: number, buf: Uint8Array, off: number, len: number, pos: null, cb: unknown) => {
      calls.push(len);
      real(fd, buf, off, Math.min(len, 1 << 20), pos, cb);
    }) as never);
    try {
      await writeFileAtomicAsync(join(dir, 'big.bin'), big.subarray(0, 3 << 20));
    } finally {
      spy.mockRestore();
    }
    expect(calls).toEqual([3 << 20, 2 << 20, 1 << 20]);
    expect(readFileSync(join(dir, 'big.bin')).equals(big.subarray(0, 3 << 20))).toBe(true);
  });

  it('a path through a file fails as it is, leaving nothing behind', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'f'), 'x');
    await expect(writeFileAtomicAsync(join(dir, 'f', 'c.txt'), 'y')).rejects.toMatchObject({ code: expect.stringMatching(/^(ENOTDIR|EEXIST)$/) });
    expect(readdirSync(dir)).toEqual(['f']);
  });
});
