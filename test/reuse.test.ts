import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runJobTask } from '../src/batch/job';
import { packReport } from '../src/docx/pack';
import type { Run } from '../src/model/doc';
import { buildFromRaw, DATA, laiwuRaw, LAIWU } from './helpers';

// Work done once and reused: an attached report per distinct file, a batch job's report per
// distinct inputs. Reuse must never show: the same document, every time, and each use its own.

describe('an attached report is built once per distinct file', () => {
  it('gives the same document on every build, each with its own copy of the attachment', async () => {
    const first = buildFromRaw(laiwuRaw(), 'laiwu-2024.json');
    const expected = JSON.stringify(first.doc);
    const bytes = await packReport(first.doc!);
    // Changing one build's attached blocks (as a draft's comments do) leaves the next build alone.
    const attachment = first.doc!.blocks.findIndex((b) => b.type === 'attachment');
    expect(attachment).toBeGreaterThan(0);
    for (const b of first.doc!.blocks.slice(attachment)) {
      if ('runs' in b) for (const r of b.runs as Run[]) r.text = 'changed';
    }
    const second = buildFromRaw(laiwuRaw(), 'laiwu-2024.json');
    expect(JSON.stringify(second.doc)).toBe(expected);
    expect(Buffer.compare(await packReport(second.doc!), bytes)).toBe(0);
  });

  it('is built again when the file differs', () => {
    const a = buildFromRaw(laiwuRaw(), 'laiwu-2024.json');
    // Another file of the same report: its title changed.
    const dir = mkdtempSync(join(tmpdir(), 'fiscal-report-reuse-'));
    const perf = JSON.parse(readFileSync(join(DATA, 'laiwu-2024-performance.json'), 'utf8'));
    perf.meta.titleNote = '修订稿';
    writeFileSync(join(dir, 'perf-b.json'), JSON.stringify(perf, null, 2));
    const raw = laiwuRaw();
    raw.meta.attachments = raw.meta.attachments.map((e: unknown) => (typeof e === 'object' && e && 'report' in e ? { ...e, report: 'perf-b.json' } : e));
    const b = buildFromRaw(raw, 'laiwu-2024.json', undefined, {}, dir);
    expect(b.doc).not.toBeNull();
    expect(JSON.stringify(b.doc)).not.toBe(JSON.stringify(a.doc));
  });
});

describe('a batch worker makes the report of the same inputs once', () => {
  it('gives every job naming them the same bytes, each its own copy', async () => {
    const job = (name: string) => ({ index: 0, name, dataset: LAIWU, out: join(DATA, 'never-written', name) });
    const task = (name: string) => ({ job: job(name), force: true, tool: 'test', templatesHash: 'default' });
    const a = await runJobTask(task('a'));
    const b = await runJobTask(task('b'));
    if (a.status !== 'built' || b.status !== 'built') throw new Error('not built');
    expect(a.outputs[0]!.bytes.buffer).not.toBe(b.outputs[0]!.bytes.buffer);
    expect(Buffer.compare(a.outputs[0]!.bytes, b.outputs[0]!.bytes)).toBe(0);
    expect(a.outputs[0]!.name).toBe(b.outputs[0]!.name);
    // The first job's bytes taken away (a worker transfers them) leave the second's.
    structuredClone(a.outputs[0]!.bytes.buffer, { transfer: [a.outputs[0]!.bytes.buffer as ArrayBuffer] });
    const c = await runJobTask(task('c'));
    if (c.status !== 'built') throw new Error('not built');
    expect(Buffer.compare(c.outputs[0]!.bytes, b.outputs[0]!.bytes)).toBe(0);
  });
});
