import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { runWebAudit, runWebBuild, type BuildRequest, type BuildStage } from '../src/web/build';
import { WORKBOOK_ZIP_LIMITS } from '../src/load/sniff';
import { gunzipSync } from 'node:zlib';
import * as v8 from 'node:v8';
import { parseJson } from '../src/load/json';
import { loadLinkedJsonReports } from '../src/load/linked';
import { buildReportDoc } from '../src/pipeline';
import { DATA, LAIWU, defaultTemplates } from './helpers';
import { docxTexts } from './adopt-helpers';

// Issue 19: a web worker validates, composes and packs the same uploads once. A build is pure, so
// the same inputs — each upload's role, name and bytes — give the same result; anything else builds.

const PERFORMANCE = 'laiwu-2024-performance.json';
const laiwu = (): BuildRequest => ({
  dataset: { name: 'laiwu-2024.json', bytes: new Uint8Array(readFileSync(LAIWU)) },
  attachments: [{ name: PERFORMANCE, bytes: new Uint8Array(readFileSync(join(DATA, PERFORMANCE))) }],
  zip: WORKBOOK_ZIP_LIMITS,
});

async function built(req: BuildRequest) {
  const stages: BuildStage[] = [];
  const result = await runWebBuild(req, (s) => stages.push(s));
  return { result, stages };
}

describe('web builds reuse what the same uploads made', () => {
  it('the same uploads again are not composed again, and give the same DOCX', async () => {
    const first = await built(laiwu());
    expect(first.stages).toEqual(['read', 'compose', 'pack']);
    const again = await built(laiwu());
    expect(again.stages).toEqual([]);
    expect(Buffer.from(again.result.docx!).equals(Buffer.from(first.result.docx!))).toBe(true);
    // The worker process sends the server a copy (its message is serialized): the kept result stays whole.
    const sent = v8.deserialize(v8.serialize(again.result.docx!)) as Uint8Array;
    expect(Buffer.from(sent).equals(Buffer.from(first.result.docx!))).toBe(true);
    const third = await built(laiwu());
    expect(third.result.docx!.byteLength).toBe(first.result.docx!.byteLength);
    expect(docxTexts(third.result.docx!).join('\n')).toContain('莱芜区');
  });

  it('a changed byte, another file name or a missing attachment builds anew', async () => {
    await built(laiwu());
    const changed = laiwu();
    const text = Buffer.from(changed.attachments[0]!.bytes).toString('utf8');
    expect(text).toContain('良好社会氛围');
    changed.attachments[0]!.bytes = new Uint8Array(Buffer.from(text.split('良好社会氛围').join('良好的社会氛围'), 'utf8'));
    const edited = await built(changed);
    expect(edited.stages).toContain('compose');
    expect(docxTexts(edited.result.docx!).join('\n')).toContain('良好的社会氛围');

    const renamed = laiwu();
    renamed.dataset = { ...renamed.dataset, name: '莱芜区2024.json' };
    const other = await built(renamed);
    expect(other.stages).toContain('compose');
    expect(other.result.files.dataset).toBe('莱芜区2024.json');

    const alone = await built({ ...laiwu(), attachments: [] });
    expect(alone.stages).toContain('compose');
    expect(alone.result.issues.map((i) => i.code)).toContain('attachment-missing');
  });

  it('the audit made on request is of the document the page built: the CLI\'s audit of the same files, number for number', async () => {
    const page = await built(laiwu());
    expect(page.result.audit).toBeUndefined();
    const made = await runWebAudit(laiwu(), 'json');
    const audit = JSON.parse(gunzipSync(made!.bytes).toString('utf8')) as { document: string; numbers: { text: string; kind: string; source: unknown }[] };
    expect(audit.document).toBe(`${page.result.title}.docx`);
    // The CLI's build --draft --audit of the same files (the web page builds drafts too).
    const loaded = parseJson(readFileSync(LAIWU, 'utf8'), 'laiwu-2024.json');
    const cli = buildReportDoc(loaded, defaultTemplates(), { draft: true, audit: true, linked: loadLinkedJsonReports(loaded, LAIWU) });
    expect(audit.numbers.map((n) => [n.text, n.kind])).toEqual(cli.audit!.numbers.map((n) => [n.text, n.kind]));
    // An attached report's file is named as each read it: the web by its upload name, the CLI by its path.
    const byName = (x: unknown): unknown => JSON.parse(JSON.stringify(x), (k, v) => (k === 'file' && typeof v === 'string' ? basename(v) : v));
    expect(byName(audit.numbers.map((n) => n.source))).toEqual(byName(cli.audit!.numbers.map((n) => n.source)));
    expect(audit.numbers.length).toBeGreaterThan(100);
  });
});
