import { readFileSync, writeFileSync } from 'node:fs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { join } from 'node:path';
import { readDocx } from '../../src/adopt/docx-read';
import { packReport } from '../../src/docx/pack';
import { BALANCES, COMPARABLE, DEDUCT_WORDS, FRAMES, GROWTH_WORDS, JOINERS, LAYOUTS, ORDERS, RATE_WORDS, REVENUE_ITEMS, SEPARATORS, type StyleInput } from '../../src/style/schema';
import { generateDataset } from '../../scripts/generate-datasets';
import { adoptRaw, buildWithStyle, docxOf, resaveWithLibreOffice, stripBookmarks } from '../adopt-helpers';
import { DATA, buildFromRaw } from '../helpers';
import { docUnits } from '../../src/adopt/units';
import { BUDGET_PLACES, TEMPLATE_PLACES } from '../../src/style/places';
import { Rng } from './mutate';

/**
 * The adopt fuzzer (test/fuzz-adopt.test.ts runs a few cases; FUZZ_ADOPT=1 npm run fuzz runs
 * hundreds): a final-accounts dataset (an example, or a generated district) written in a house
 * style drawn at random, built, its bookmarks taken out and, where LibreOffice is at hand, saved
 * again by it (no longer our XML; a paragraph may be cut where a page of a new section begins),
 * then adopted with the same data. In about half the cases the writer edited last year's report
 * first, as writers do, without numbers: a word changed in a paragraph, a paragraph deleted, one
 * of their own added. Every case must hold:
 * - adopt succeeds, lists no paragraph that reads otherwise, and places every number;
 * - build with the adopted style writes the report's text again, paragraph for paragraph, and
 *   every number in it is traced to the data (--audit).
 * A dataset the drawn style cannot be written for (完成年度计划 without a plan) is skipped.
 */

type Raw = Record<string, unknown> & { style?: unknown };

const EXAMPLES = ['laiwu-2024', 'lanxi-2024', 'songyan-2024', 'luwan-2024', 'qinghe-2024'];

/** A house style drawn from the choices a writer has (only valid ones: invalid styles are the mutation fuzzer's). */
export function randomStyle(r: Rng): StyleInput {
  const style: Record<string, unknown> = {};
  const maybe = (p: number, key: string, value: () => unknown) => {
    if (r.chance(p)) style[key] = value();
  };
  maybe(0.6, 'frame', () => r.pick(FRAMES));
  maybe(0.5, 'rateWord', () => r.pick(RATE_WORDS));
  maybe(0.5, 'growthWord', () => r.pick(GROWTH_WORDS));
  maybe(0.4, 'comparable', () => r.pick(COMPARABLE));
  maybe(0.4, 'order', () => r.pick(ORDERS));
  maybe(0.3, 'surplus', () => r.chance(0.5));
  maybe(0.4, 'separator', () => r.pick(SEPARATORS));
  maybe(0.4, 'lastJoiner', () => r.pick(JOINERS));
  maybe(0.4, 'deductWord', () => r.pick(DEDUCT_WORDS));
  maybe(0.4, 'balance', () => r.pick(BALANCES));
  maybe(0.3, 'yearLead', () => r.chance(0.5));
  maybe(0.4, 'revenueItems', () => r.pick(REVENUE_ITEMS));
  maybe(0.5, 'scopes', () => ({
    ...(r.chance(0.5) ? { district: r.pick(['全区', '区', '全县']) } : {}),
    ...(r.chance(0.5) ? { level: r.pick(['区级', '区本级', '本级']) } : {}),
    ...(r.chance(0.6) ? { layout: r.pick(LAYOUTS) } : {}),
  }));
  maybe(0.5, 'amounts', () => r.pick([{ unit: '亿元', digits: 2, keepZeros: true }, { unit: '亿元', digits: 2 }, { unit: '万元', thousands: true }, { unit: '万元' }, { unit: '亿元', digits: 1 }, { unit: '亿元', digits: 4 }]));
  maybe(0.4, 'rates', () => r.pick([{ digits: 1, keepZeros: true }, { digits: 2 }, { digits: 0 }, { digits: 1 }]));
  maybe(0.4, 'growth', () => r.pick([{ digits: 1, keepZeros: true }, { digits: 2 }, { digits: 1 }, { digits: 0 }]));
  return style as StyleInput;
}

export interface AdoptCase {
  id: number;
  source: string;
  style: StyleInput;
  /** The writer's edits to the report before adopt, in words. */
  edits: string[];
  failures: string[];
  skipped?: true;
}

export interface AdoptFuzzRun {
  seed: number;
  cases: AdoptCase[];
  failed: AdoptCase[];
  ms: number;
  resaved: boolean;
}

export interface AdoptFuzzOptions {
  seed: number;
  cases: number;
  /** Save every report again with LibreOffice first (all of them in one run of it). */
  resave: boolean;
  /** Runs only the case of this number. */
  only?: number;
  /** With `only`: a directory to keep the case's built report and its dataset in. */
  keep?: string;
  onCase?: (c: AdoptCase) => void;
}

/** The report's paragraphs as read, one that may run on (LibreOffice's cut) joined where the rebuilt text has the two as one. */
function reportTexts(bytes: Uint8Array, rebuilt: readonly string[]): string[] {
  const paragraphs = readDocx(bytes, 'report.docx').paragraphs;
  const out: string[] = [];
  for (let k = 0; k < paragraphs.length; k++) {
    const p = paragraphs[k]!;
    const joined = paragraphs[k + 1] && p.mayContinue ? p.text + paragraphs[k + 1]!.text : null;
    if (joined && rebuilt.includes(joined) && !rebuilt.includes(p.text)) {
      out.push(joined);
      k++;
    } else out.push(p.text);
  }
  return out;
}

/** Words a writer changes in last year's text (none of them a number, none in a heading). */
const REWORDINGS: [string, string][] = [
  ['主要是', '主要原因是'],
  ['同比', '比上年'],
  ['全部为', '均为'],
  ['有所', '进一步'],
  ['其中：', '其中，'],
  ['下同', '以下同'],
];
const OWN_PARAGRAPHS = ['各项工作稳步推进，财政运行总体平稳。', '下一步，我们将认真落实区人大常委会的审议意见，切实加强预算管理。'];

/**
 * Last year's report as the writer edited it, at the XML level: a body paragraph (text, not a
 * heading, between two text paragraphs) reworded, deleted, or followed by one of the writer's own.
 * Only paragraphs the templates write (`editable`, their texts): narrative items and the memo's
 * names are the data's words, which adopt lists rather than writes into the style.
 */
export function editReport(bytes: Uint8Array, r: Rng, editable: ReadonlySet<string>): { bytes: Uint8Array; what: string[] } {
  const files = unzipSync(bytes);
  let xml = strFromU8(files['word/document.xml']!);
  const what: string[] = [];
  const text = (p: string) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('');
  // Body text only: after the memo's section, a paragraph that is text (not a heading, no style of its own), in no table.
  const bodyParagraphs = () => {
    const start = xml.indexOf('</w:sectPr>');
    const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => [m.index!, m.index! + m[0].length] as const);
    const all = [...xml.matchAll(/<w:p>(?:<w:pPr>((?:(?!<\/w:pPr>)[\s\S])*)<\/w:pPr>)?((?:(?!<\/w:p>)[\s\S])*)<\/w:p>/g)].filter((m) => m.index! > start && !tables.some(([a, b]) => m.index! > a && m.index! < b));
    const isText = (m: RegExpMatchArray) => !/<w:pStyle|<w:sectPr|<w:jc w:val="center"/.test(m[1] ?? '') && /[。；]$/.test(text(m[0])) && text(m[0]).length > 15 && !/^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）|^\d+\./.test(text(m[0]));
    return all.filter((m, i) => editable.has(text(m[0])) && isText(m) && all[i - 1] && isText(all[i - 1]!) && all[i + 1] && isText(all[i + 1]!));
  };
  for (let n = 1 + r.int(2); n > 0; n--) {
    const ps = bodyParagraphs();
    if (!ps.length) break;
    const m = r.pick(ps);
    const op = r.int(3);
    if (op === 0) {
      const [from, to] = r.pick(REWORDINGS.filter(([f]) => text(m[0]).includes(f)).concat([['。', '。']]));
      if (from === '。') continue;
      // Within one text element, so the run stays whole.
      const t = [...m[0].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].find((x) => x[1]!.includes(from));
      if (!t) continue;
      const edited = m[0].replace(t[0], t[0].replace(from, to));
      xml = xml.slice(0, m.index!) + edited + xml.slice(m.index! + m[0].length);
      what.push(`“${text(m[0]).slice(0, 12)}…”一段中“${from}”改为“${to}”`);
    } else if (op === 1) {
      xml = xml.slice(0, m.index!) + xml.slice(m.index! + m[0].length);
      what.push(`删去“${text(m[0]).slice(0, 12)}…”一段`);
    } else {
      const own = r.pick(OWN_PARAGRAPHS);
      const pPr = m[1] !== undefined ? `<w:pPr>${m[1]}</w:pPr>` : '';
      const at = m.index! + m[0].length;
      xml = xml.slice(0, at) + `<w:p>${pPr}<w:r><w:t>${own}</w:t></w:r></w:p>` + xml.slice(at);
      what.push(`“${text(m[0]).slice(0, 12)}…”一段后加上“${own}”`);
    }
  }
  files['word/document.xml'] = strToU8(xml);
  return { bytes: zipSync(files), what };
}

export async function runAdoptFuzz(opts: AdoptFuzzOptions): Promise<AdoptFuzzRun> {
  const t0 = performance.now();
  const rng = new Rng(opts.seed);
  const made: { c: AdoptCase; raw: Raw; file: string; bytes: Uint8Array }[] = [];
  const cases: AdoptCase[] = [];
  for (let id = 0; id < opts.cases; id++) {
    if (opts.only !== undefined && id > opts.only) break;
    const caseSeed = rng.int(0x7fffffff);
    if (opts.only !== undefined && id !== opts.only) continue;
    const r = new Rng(caseSeed);
    const generated = r.chance(0.4);
    const name = generated ? `generated-${r.int(5000)}` : r.pick(EXAMPLES);
    const raw: Raw = generated ? (generateDataset(Number(name.slice(10)), caseSeed) as Raw) : JSON.parse(readFileSync(join(DATA, `${name}.json`), 'utf8'));
    const style = randomStyle(r);
    const c: AdoptCase = { id, source: name, style, edits: [], failures: [] };
    cases.push(c);
    const file = `${name}.json`;
    try {
      const own = raw.style && typeof raw.style === 'object' ? raw.style : {};
      const styled = { ...raw, style: { ...own, ...style } };
      let bytes = stripBookmarks((await docxOf(styled, file)).bytes);
      if (r.chance(0.5)) {
        // The paragraphs the templates write, by their places in a probe build.
        const probe = buildFromRaw(styled, file, undefined, { probe: true }).doc!;
        const editable = new Set(docUnits(probe).flatMap((u) => (u.level === null && u.place && (BUDGET_PLACES.includes(u.place) || TEMPLATE_PLACES.includes(u.place)) ? [u.text] : [])));
        ({ bytes, what: c.edits } = editReport(bytes, r, editable));
      }
      made.push({ c, raw, file, bytes });
    } catch (e) {
      if (/style-needs-figure/.test((e as Error).message)) c.skipped = true;
      else c.failures.push(`按格式生成失败：${(e as Error).message.slice(0, 500)}`);
    }
  }
  const reports = new Map(made.map((m) => [`c${m.c.id}`, m.bytes]));
  if (opts.resave)
    // Twenty at a time: one run of LibreOffice for all of them, and a report it could not save is that case's failure.
    for (let i = 0; i < made.length; i += 20) {
      const saved = resaveWithLibreOffice(Object.fromEntries(made.slice(i, i + 20).map((m) => [`c${m.c.id}`, m.bytes])));
      for (const m of made.slice(i, i + 20)) {
        const bytes = saved[`c${m.c.id}`];
        if (bytes) reports.set(`c${m.c.id}`, stripBookmarks(bytes));
        else reports.delete(`c${m.c.id}`);
      }
    }
  if (opts.only !== undefined && opts.keep)
    for (const m of made) {
      writeFileSync(join(opts.keep, `c${m.c.id}-built.docx`), m.bytes);
      writeFileSync(join(opts.keep, `c${m.c.id}.json`), JSON.stringify({ ...m.raw, style: m.c.style }, null, 2));
    }
  for (const { c, raw, file } of made) {
    try {
      const report = reports.get(`c${c.id}`);
      if (!report) {
        c.failures.push('LibreOffice 未能另存这份报告（打不开或转换时出错）');
        continue;
      }
      // The dataset as last year's data: its own style, which adopt does not read.
      const r = adoptRaw(report, raw, file);
      if (!r.ok) {
        c.failures.push(`adopt 拒绝：${r.issues.map((i) => i.message).join('；').slice(0, 500)}`);
        continue;
      }
      for (const d of r.summary.differences) c.failures.push(`按格式写出的文字与报告不同（${d.reason}）：报告“${(d.report ?? '').slice(0, 80)}”，写出“${(d.built ?? '').slice(0, 80)}”`);
      for (const u of r.summary.unplaced) c.failures.push(`数字未能对上：第 ${u.paragraph} 段“${u.text}”`);
      const built = buildWithStyle(raw, r.style, file);
      const rebuilt = readDocx(await packReport(built.doc!), 'rebuilt.docx').paragraphs.map((p) => p.text);
      const expected = reportTexts(report, rebuilt);
      const at = rebuilt.findIndex((t, i) => t !== expected[i]);
      if (at >= 0 || rebuilt.length !== expected.length) {
        const i = at >= 0 ? at : Math.min(rebuilt.length, expected.length);
        c.failures.push(`用所得格式生成的文字与报告不同，第 ${i + 1} 段：\n    写出 ${rebuilt[i]?.slice(0, 160)}\n    报告 ${expected[i]?.slice(0, 160)}`);
      }
      for (const u of built.audit!.unsourced) c.failures.push(`没有来源的数字：${JSON.stringify(u).slice(0, 200)}`);
    } catch (e) {
      c.failures.push(`异常：${(e as Error)?.stack?.slice(0, 500) ?? String(e)}`);
    }
  }
  for (const c of cases) opts.onCase?.(c);
  return { seed: opts.seed, cases, failed: cases.filter((c) => c.failures.length), ms: performance.now() - t0, resaved: opts.resave };
}

export function describeAdoptCase(run: Pick<AdoptFuzzRun, 'seed' | 'resaved'>, c: AdoptCase): string {
  return `种子 ${run.seed} 第 ${c.id} 例（${c.source}${run.resaved ? '，经 LibreOffice 另存' : ''}；格式 ${JSON.stringify(c.style)}${c.edits.length ? `；写稿人改过：${c.edits.join('；')}` : ''}）\n  ${c.failures.join('\n  ')}`;
}
