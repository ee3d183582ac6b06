import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli';
import { auditReport, blockLines, unsourcedNumbers, type AuditMap, type AuditSource } from '../src/audit';
import { parseJson } from '../src/load/json';
import { packReport } from '../src/docx/pack';
import { loadTemplates } from '../src/load/templates';
import { parsePath } from '../src/load/path';
import { dataTextSources } from '../src/audit/text-sources';
import { runsText } from '../src/model/doc';
import { valueAt } from '../src/validate/previous';
import { buildFromRaw, DATA, docxPart, LAIWU, laiwuRaw, xmlParagraphs } from './helpers';
import { capture, tmp } from './validate-helpers';

// The numbers audit: every number in the Laiwu report maps to a dataset path or a named derivation.
// A number with no source (a template that types one) fails here.

const NUMBER = /[0-9０-９]+(?:[.．][0-9０-９]+)?/g;

function laiwuAudit() {
  const r = buildFromRaw(laiwuRaw(), 'test.json', undefined, { audit: true });
  return { doc: r.doc!, audit: r.audit! };
}

function paths(src: AuditSource): AuditSource[] {
  return 'path' in src ? [src] : src.inputs.flatMap(paths);
}

describe('numbers audit of the Laiwu report', () => {
  const { doc, audit } = laiwuAudit();
  const raw = laiwuRaw();

  it('has no number without a source', () => {
    expect(audit.unsourced).toEqual([]);
  });

  it('covers every digit of the text: each lies inside an audited stretch', () => {
    let digits = 0;
    doc.blocks.forEach((b, block) =>
      blockLines(b).forEach((runs, line) => {
        const text = runsText(runs);
        const covered = new Array<boolean>(text.length).fill(false);
        for (const e of audit.numbers) {
          if (e.position.block !== block || e.position.line !== line) continue;
          for (let i = 0; i < e.text.length; i++) covered[e.position.offset + i] = true;
        }
        [...text].forEach((ch, i) => {
          if (/[0-9０-９]/.test(ch)) {
            digits++;
            expect([block, line, text.slice(Math.max(0, i - 10), i + 10), covered[i]]).toEqual([block, line, text.slice(Math.max(0, i - 10), i + 10), true]);
          }
        });
      }),
    );
    expect(digits).toBeGreaterThan(1000);
  });

  it('places each entry where its text is (block, line, offset), independent of pages', () => {
    for (const e of audit.numbers) {
      if ('derivation' in e.source && e.source.derivation === '附件序号' && e.text.endsWith('．')) continue; // numbered by the DOCX layout
      const text = runsText(blockLines(doc.blocks[e.position.block]!)[e.position.line]!);
      expect(text.slice(e.position.offset, e.position.offset + e.text.length)).toBe(e.text);
    }
  });

  it('traces every figure to dataset paths that hold the value', () => {
    const figures = audit.numbers.filter((e) => e.kind === 'figure');
    expect(figures.length).toBeGreaterThan(250);
    for (const e of figures) {
      const ps = paths(e.source);
      expect(ps.length).toBeGreaterThan(0);
      for (const p of ps) {
        if (!('path' in p)) continue;
        expect(p.dataset).toBe('current');
        // A figure of the report attached by file name: its value is in that file.
        const attached = /^meta\.attachments\[\d+\]\.report\./.exec(p.path);
        if (attached) expect(valueAt(JSON.parse(readFileSync(p.file!, 'utf8')), parsePath(p.path.slice(attached[0].length)))).toBe(p.value);
        else expect(valueAt(raw, parsePath(p.path))).toBe(p.value);
        expect(p.line).toBeGreaterThan(1);
      }
    }
  });

  it('names its derivations: computed rates carry their inputs', () => {
    const rate = audit.numbers.find((e) => e.text === '74%')!;
    expect(rate.source).toMatchObject({ derivation: '税收占比', inputs: [{ path: 'analysis.tax.amount', value: 347960 }, { path: 'generalBudget.district.income.current.amount', value: 470383 }] });
    const yi = audit.numbers.find((e) => e.text === '47.04亿元')!;
    expect(yi.source).toMatchObject({ path: 'generalBudget.district.income.current.amount', value: 470383 });
  });

  it('lists data text carrying numbers as text from its path', () => {
    const note = audit.numbers.find((e) => e.text === '不含市级方舱医院3亿')!;
    expect(note).toMatchObject({ kind: 'text', source: { path: 'debt.balance.note' } });
    expect(audit.numbers.find((e) => e.text === '济南市莱芜区2024年决算草案表')).toMatchObject({ kind: 'text', source: { path: 'meta.attachments[0]' } });
  });

  it('lists ordinals as structural: heading numbers, 一是 and the attachment numbers', () => {
    const ordinals = audit.numbers.filter((e) => e.kind === 'ordinal');
    const kinds = new Set(ordinals.map((e) => (e.source as { derivation: string }).derivation));
    expect(kinds).toEqual(new Set(['标题序号', '序号', '附件序号']));
    expect(ordinals.find((e) => e.text === '一、')).toBeDefined();
    // The attachment note's 1．2． and the labels 附件1 (the tables) and 附件2 (the performance report).
    expect(ordinals.filter((e) => (e.source as { derivation: string }).derivation === '附件序号').map((e) => e.text)).toEqual(['1．', '2．', '附件1', '附件2']);
  });

  it('accounts for every number the DOCX shows (document.xml)', async () => {
    const xml = docxPart(await packReport(doc), 'word/document.xml');
    const inDocx = xmlParagraphs(xml).flatMap((p) => p.match(NUMBER) ?? []);
    const inAudit = audit.numbers.flatMap((e) => e.text.match(NUMBER) ?? []);
    expect(inDocx.sort()).toEqual(inAudit.sort());
  });
});

describe('data text with numbers quoted inside a sentence the composer writes', () => {
  // Found by the fuzzer: a meeting named with digits passed validate, and build refused its own
  // sentence ("与向…报告的预算执行数…") as a number a template typed.
  it('the prior meeting, the 区级 note and the district\'s name: built, each traced to its path where it stands', () => {
    const raw = laiwuRaw();
    raw.meta.priorMeeting = '区人大常委会2025年第3次会议';
    raw.meta.levelNote = '含3个功能区本级，下同';
    raw.meta.district = '第2区';
    // The attached performance report is 莱芜区's: it goes, an attachment of another district is refused.
    raw.meta.attachments = raw.meta.attachments.filter((e: unknown) => typeof e === 'string');
    const r = buildFromRaw(raw, 'test.json', undefined, { audit: true });
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const texts = r.doc!.blocks.map((b) => blockLines(b).map(runsText).join('\n')).join('\n');
    expect(texts).toContain('与向区人大常委会2025年第3次会议报告的预算执行数');
    expect(texts).toContain('区级（含3个功能区本级，下同）');
    expect(r.audit!.unsourced).toEqual([]);
    const traced = (text: string) => r.audit!.numbers.filter((e) => e.text === text).map((e) => [e.kind, (e.source as { path?: string }).path]);
    expect(traced('区人大常委会2025年第3次会议')).toEqual([['text', 'meta.priorMeeting']]);
    expect(traced('含3个功能区本级，下同')).toEqual([['text', 'meta.levelNote']]);
    expect(traced('第2区').length).toBeGreaterThan(0);
    expect(new Set(traced('第2区').map(String))).toEqual(new Set([String(['text', 'meta.district'])]));
    // Even a bare number (validate lets a meeting be named anything): quoted, so traced.
    raw.meta.priorMeeting = '12';
    const bare = buildFromRaw(raw, 'test.json', undefined, { audit: true });
    expect(bare.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(bare.audit!.numbers.filter((e) => e.text === '12').map((e) => (e.source as { path?: string }).path)).toEqual(['meta.priorMeeting']);
  });

  it('a quote is a whole data string standing on its own: never a piece of a longer number, longer quotes first', () => {
    const within = dataTextSources({ meta: { a: '2', b: '1', c: '第2次会议', d: '区第2次会议' } }).within!;
    // "2" and "1" are data strings; the 2 in 1.2, 2024 or 12 is a piece of another number, not a quote.
    expect(within('共1.2亿元，2024年，共12个')).toEqual([]);
    expect(within('第2、1项')).toEqual([
      { at: 1, text: '2', src: { path: 'meta.a' } },
      { at: 3, text: '1', src: { path: 'meta.b' } },
    ]);
    // The longest quote is taken, and what it holds is not quoted again.
    expect(within('向区第2次会议报告')).toEqual([{ at: 1, text: '区第2次会议', src: { path: 'meta.d' } }]);
    expect(within('没有数字')).toEqual([]);
  });
});

describe('the audit finds a number a template typed', () => {
  it('as unsourced, with its place', () => {
    const { doc } = laiwuAudit();
    const typed = { ...doc, blocks: [...doc.blocks, { type: 'paragraph' as const, runs: [{ text: '全区共有3类债务，合计' }, ...doc.blocks.flatMap((b) => (b.type === 'paragraph' ? b.runs.filter((r) => r.fig) : [])).slice(0, 1)] }] };
    const a = auditReport(typed, { input: laiwuRaw(), sourceMap: parseJson(JSON.stringify(laiwuRaw(), null, 2), 'test.json').sourceMap }, { dataset: 'test.json' });
    expect(a.unsourced).toEqual([{ text: '3', position: { block: doc.blocks.length, line: 0, offset: 4 } }]);
    expect(unsourcedNumbers(typed)).toEqual(a.unsourced);
  });

  it('and the build refuses the document (template-unsourced-number)', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'final-accounts'));
    writeFileSync(join(dir, 'final-accounts', 'debt.hbs'), '全区共有3类债务，余额{{wan debt.balance.total}}。\n');
    const r = buildFromRaw(laiwuRaw(), 'test.json', loadTemplates(dir), { audit: true });
    expect(r.doc).toBeNull();
    expect(r.issues[0]).toMatchObject({ code: 'template-unsourced-number', severity: 'error', actual: '3', place: { line: 1, column: 5 } });
    expect(r.issues[0]!.message).toContain('所在段落：“全区共有3类债务，余额1897372万元。”');
  });
});

describe('fiscal-report build --audit', () => {
  it('writes the map beside the document', async () => {
    const dir = tmp();
    const { out, lines } = capture();
    expect(await main(['build', LAIWU, '--out', dir, '--audit'], out)).toBe(0);
    const files = readdirSync(dir).filter((f) => !f.startsWith('.')).sort();
    expect(files).toEqual(['关于莱芜区2024年决算和2025年上半年预算执行情况的报告.audit.json', '关于莱芜区2024年决算和2025年上半年预算执行情况的报告.docx']);
    const map = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8')) as AuditMap & { document: string };
    expect(map.document).toBe(files[1]);
    expect(map.dataset).toBe(LAIWU);
    expect(map.unsourced).toEqual([]);
    expect(map.numbers.length).toBe(laiwuAudit().audit.numbers.length);
    expect(lines.join('\n')).toContain('数字来源表');
  });
});

describe('the 数字来源表 as a workbook (the web page offers it beside the JSON)', () => {
  it('has a row for every number: where it stands, the words around it, its source in words and its value', async () => {
    const { auditWorkbook } = await import('../src/audit/xlsx');
    const { loadExcel } = await import('../src/workbook/excel');
    const r = buildFromRaw(laiwuRaw(), 'laiwu-2024.json', undefined, { audit: true });
    const bytes = await auditWorkbook(r.audit!, r.doc, '报告.docx');
    const ExcelJS = await loadExcel();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.getWorksheet('数字来源表')!.eachRow((row, n) => {
      if (n > 3) rows.push((row.values as unknown[]).slice(1));
    });
    expect(rows).toHaveLength(r.audit!.numbers.length);
    const total = rows.find((row) => row[3] === '1165436万元')!;
    expect(total.slice(1)).toEqual([
      expect.stringMatching(/^第 \d+ 段（正文）$/),
      expect.stringContaining('总收入【1165436万元】'),
      '1165436万元',
      '数据',
      expect.stringMatching(/^第 \d+ 行 “一般公共预算·全区·收入·合计”$/),
      1165436,
      'generalBudget.district.income.total',
    ]);
    // A computed number: its computation and what it reads.
    const computed = rows.find((row) => typeof row[5] === 'string' && /^[^第]+：第 \d+ 行/.test(row[5]));
    expect(computed).toBeDefined();
    // A figure of the attached report: its file named, its line there, its value.
    const attached = rows.find((row) => typeof row[7] === 'string' && row[7].startsWith('meta.attachments[1].report.figures.'))!;
    expect(attached[5]).toMatch(/^附件报告 laiwu-2024-performance\.json 第 \d+ 行 /);
    expect(typeof attached[6]).toBe('number');
  });
});

// An attached report's figures were listed with no value, and with the line of the attachments
// entry in the dataset (which holds only the file's name): a writer checking a number of 附件2
// was sent to the wrong file. The value and place are now those of the attached file.
describe('the figures of a report attached by file name', () => {
  it('carry their value, their file and their line there', () => {
    const audit = buildFromRaw(laiwuRaw(), 'laiwu-2024.json', undefined, { audit: true }).audit!;
    const perfFile = join(DATA, 'laiwu-2024-performance.json');
    const perfText = readFileSync(perfFile, 'utf8');
    const perf = parseJson(perfText, perfFile);
    const attached = audit.numbers.filter((n) => 'path' in n.source && n.source.path.startsWith('meta.attachments[1].report.figures.'));
    expect(attached.length).toBeGreaterThan(3);
    for (const n of attached) {
      const src = n.source as Extract<AuditSource, { path: string }>;
      const rest = parsePath(src.path.slice('meta.attachments[1].report.'.length));
      expect([src.path, src.file, src.value, src.line]).toEqual([src.path, perfFile, valueAt(perf.value, rest), perf.sourceMap.locate(rest).line]);
    }
    expect(attached.some((n) => typeof (n.source as { value?: unknown }).value === 'number')).toBe(true);
  });
});
