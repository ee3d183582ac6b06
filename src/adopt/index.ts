import { basename } from 'node:path';
import type { Loaded } from '../load/json';
import type { Issue } from '../model/issue';
import type { TemplateSet } from '../render/engine';
import { buildReportDoc } from '../pipeline';
import type { LinkedReports } from '../pipeline-attachments';
import { validateFinalAccounts, type FinalAccountsDataset } from '../validate';
import { composeFinalAccounts } from '../compose/final-accounts';
import { StylePrinter } from '../compose/style-print';
import { TEXT_REFS, MEETING_DATE_REF, chineseDate, textRef } from '../compose/text-refs';
import { houseStyle } from '../style/house-style';
import { BUDGET_PLACES, TEMPLATE_PLACES, canFollow } from '../style/places';
import type { StyleInput, StyleParagraphInput } from '../style/schema';
import type { DocxText } from './docx-read';
import { numberedLevel } from './docx-read';
import { buildFigureIndex, type FigureIndex } from './figure-index';
import { inferStyle } from './infer-style';
import { findNumbers, type NumberToken } from './numbers';
import { placeParagraph, type PlacedNumber, type WordRef } from './place-numbers';
import { align, joinAt, type Pair } from './align';
import { docUnits, docxUnits, type Unit } from './units';
import { choiceLabels } from './summary';

/**
 * `fiscal-report adopt`: last year's report (a DOCX written by hand, in the district's house
 * style) and last year's data → the district's style, so that `build` with that data writes the
 * report's text again, and with this year's data this year's draft in last year's words.
 *
 *   1. section 一's paragraphs give the style's choices (infer-style.ts);
 *   2. a probe build in those choices, each paragraph marked with its place, is lined up with the
 *      report (align.ts); where a paragraph reads otherwise, the report's own paragraph is written
 *      in data at that place, its numbers named as figures (place-numbers.ts); paragraphs the report
 *      leaves out are left out ([]), those it adds follow their place (….之后); headings, title,
 *      salutation and opening are worded as the report words them;
 *   3. a build with the style is compared with the report again: what still differs is listed.
 *
 * Narrative items (features, problems, work done, plans) are the year's data, not the style: where
 * the report's differ from the data they are listed, not copied into the style. Pure.
 */

export interface AdoptInput {
  docx: DocxText;
  /** Last year's dataset, as loaded (JSON or workbook). */
  loaded: Loaded;
  templates: TemplateSet;
  /** The reports the dataset attaches by file name. */
  linked?: LinkedReports;
}

export interface NumberNote {
  /** The report's paragraph, counted from 1 in the main text. */
  paragraph: number;
  sentence: string;
  text: string;
  before: string;
  after: string;
  /** Ambiguous: the figures it may be, and the one written. */
  candidates?: string[];
  chosen?: string;
}

export type ParagraphHow = 'data' | 'heading' | 'added' | 'left-out' | 'title' | 'salutation' | 'opening' | 'memo-left-out';

export interface ParagraphNote {
  paragraph: number | null;
  place: string;
  how: ParagraphHow;
  text: string;
}

export interface Difference {
  paragraph: number | null;
  report: string | null;
  built: string | null;
  reason: string;
}

export interface AdoptSummary {
  numbers: { found: number; placed: number; ambiguous: number; unplaced: number };
  ambiguous: NumberNote[];
  unplaced: NumberNote[];
  /** The style's choices that differ from the default, in the writer's words. */
  choices: { label: string; value: string }[];
  /** Paragraphs the composer writes from the choices, word for word as the report. */
  styled: number;
  paragraphs: ParagraphNote[];
  /** Wording that exists because of the data (无……收入, 区级……一致), recognised where the composer writes it. */
  dataDependent: string[];
  /** Paragraphs `build` still words otherwise than the report, with why. */
  differences: Difference[];
  /** Paragraphs of the report's main text. */
  paragraphCount: number;
}

export type AdoptResult = { ok: true; style: StyleInput; summary: AdoptSummary } | { ok: false; issues: Issue[] };

const refuse = (file: string, code: string, message: string): AdoptResult => ({ ok: false, issues: [{ code, severity: 'error', message, place: { file } }] });

/** The dataset without its own style: adopt reads the style off the report, not the data. */
function withStyle(loaded: Loaded, style: StyleInput | undefined): Loaded {
  const { style: _own, ...rest } = loaded.value as Record<string, unknown>;
  return { ...loaded, value: style ? { ...rest, style } : rest };
}

/** The data's words a paragraph may name instead of typing them ({{会议}}, {{区名}}, {{会议日期}}), longest first. */
function wordRefs(ds: FinalAccountsDataset): WordRef[] {
  const out: WordRef[] = [];
  for (const r of TEXT_REFS) {
    const t = textRef(ds.input, r.name);
    if (t && t.text.length >= 2 && !out.some((o) => o.text === t.text)) out.push({ text: t.text, name: r.name });
  }
  const date = chineseDate(ds.input.meta.meeting.date);
  if (date) out.push({ text: date, name: MEETING_DATE_REF });
  return out.sort((a, b) => b.text.length - a.text.length);
}

/** The heading texts above each of the report's paragraphs (its section, for the budget a sentence leaves unsaid). */
function headingContexts(units: readonly Unit[]): string[] {
  const path: string[] = [];
  return units.map((u) => {
    const ctx = path.filter(Boolean).join('');
    if (u.level) {
      path.length = u.level - 1;
      path[u.level - 1] = u.text;
    }
    return ctx;
  });
}

/** Section 一 of the report for the style's choices: from the first 一、 heading up to the debt or the next 一、 heading. */
function sectionOne(units: readonly Unit[]): string[] {
  const start = units.findIndex((u) => u.level === 1);
  if (start < 0) return units.map((u) => u.text);
  const end = units.findIndex((u, i) => i > start && (u.level === 1 || (u.level === 2 && /债务/.test(u.text))));
  return units
    .slice(start + 1, end < 0 ? undefined : end)
    .filter((u) => !u.level || u.level > 2)
    .map((u) => (u.level ? stripNumber(u.text) : u.text));
}

/** A heading's words without its number (一、 （一） 1. （1）). */
function stripNumber(text: string): string {
  return numberedLevel(text) ? text.replace(/^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9０-９]+[）)]|[0-9０-９]+[.．、])/, '') : text;
}

function noteOf(paragraph: number, text: string, token: NumberToken): NumberNote {
  const from = Math.max(text.lastIndexOf('。', token.start - 1), text.lastIndexOf('；', token.start - 1)) + 1;
  const stop = text.slice(token.end).search(/[。；]/);
  return {
    paragraph,
    sentence: text.slice(from, stop < 0 ? undefined : token.end + stop + 1),
    text: token.printed,
    before: text.slice(Math.max(0, token.start - 12), token.start),
    after: text.slice(token.end, token.end + 12),
  };
}

/**
 * The style from the probe build lined up with the report: a paragraph that reads otherwise is
 * written in data at its place (or becomes the heading, title, salutation or opening), one the
 * report leaves out is left out, one it adds follows the place before it. `asData` turns a report
 * paragraph into text written in data (and keeps its numbers for the count).
 */
function styleFromPairs(built: Unit[], report: Unit[], pairs: Pair[], base: StyleInput, asData: (j: number, text?: string) => string | null) {
  const notes: ParagraphNote[] = [];
  const dataDependent: string[] = [];
  const paragraphs: Record<string, StyleParagraphInput | StyleParagraphInput[]> = {};
  const headings: Record<string, string> = {};
  const after = new Map<string, StyleParagraphInput[]>();
  const style: StyleInput = { ...base };
  let styled = 0;
  let anchor: string | null = null;
  const replaceable = (place: string | undefined): boolean => !!place && (BUDGET_PLACES.includes(place) || TEMPLATE_PLACES.includes(place));
  // A report without the cover memo: the memo page goes as a whole.
  const paired = new Set(pairs.flatMap((p) => (p.built !== null && p.report !== null ? [p.built] : [])));
  const memo = built.flatMap((u, i) => (u.place?.startsWith('报送函') ? [i] : []));
  const memoGone = memo.length > 0 && memo.every((i) => !paired.has(i));
  if (memoGone) {
    paragraphs['报送函'] = [];
    notes.push({ paragraph: null, place: '报送函', how: 'memo-left-out', text: '' });
  }
  // Where the build's paragraph of a place and the report's paragraph stand in the same position but
  // read too differently to pair (the district's own wording), the report's paragraph is that
  // place's text in data: dropping the place and adding the paragraph after the one before would
  // lose it where the place's heading goes with its paragraphs (the 小标题 layout).
  const standsFor = new Map<number, string>();
  const placesOf = new Map<string, number[]>();
  for (let i = 0; i < pairs.length; ) {
    let end = i;
    while (end < pairs.length && (pairs[end]!.built === null || pairs[end]!.report === null)) end++;
    const run = pairs.slice(i, end);
    const left = run.filter((p) => p.report === null && replaceable(built[p.built!]!.place) && !(memoGone && built[p.built!]!.place!.startsWith('报送函'))).map((p) => built[p.built!]!.place!);
    const added = run.filter((p) => p.built === null && report[p.report!]!.level === null).map((p) => p.report!);
    added.forEach((j, k) => {
      const place = left[Math.min(k, left.length - 1)];
      if (!place) return;
      standsFor.set(j, place);
      placesOf.set(place, [...(placesOf.get(place) ?? []), j]);
    });
    i = Math.max(end, i + 1);
  }
  /** A place's text, written in data. */
  const inData = (place: string, text: StyleParagraphInput | StyleParagraphInput[]) => {
    paragraphs[place] = text;
    // In one paragraph (同段) the 区级 words are part of the 全区 paragraph the report's text now stands for.
    if (base.scopes?.layout === '同段' && place.endsWith('.全区')) paragraphs[place.replace(/全区$/, '区级')] = [];
  };
  /** Places whose report paragraphs asData declined: they keep the template's paragraph, not left out. */
  const declined = new Set<string>();
  for (const p of pairs) {
    const b = p.built !== null ? built[p.built]! : null;
    const r = p.report !== null ? report[p.report]! : null;
    const place = b?.place;
    if (!b && r && standsFor.has(p.report!)) {
      const at = standsFor.get(p.report!)!;
      const all = placesOf.get(at)!;
      if (all[0] === p.report) {
        const texts = all.map((j) => asData(j));
        // Declined (a later pass, a number that would stay as typed): the place keeps the template's words.
        if (texts.some((t) => t === null)) declined.add(at);
        else inData(at, texts.length === 1 ? texts[0]! : (texts as string[]));
      }
      if (!declined.has(at)) notes.push({ paragraph: p.report! + 1, place: at, how: 'data', text: r.text });
      continue;
    }
    if (b && !r && place && placesOf.has(place)) continue;
    if (b && r) {
      if (place && canFollow(place)) anchor = place;
      if (b.text === r.text) {
        if (place && BUDGET_PLACES.includes(place)) styled++;
        dataDependent.push(...b.slots);
        continue;
      }
      const j = p.report!;
      const note = (how: ParagraphHow) => notes.push({ paragraph: j + 1, place: place!, how, text: r.text });
      if (place && replaceable(place)) {
        const text = asData(j);
        if (text === null) continue;
        inData(place, text);
        note('data');
      } else if (place?.startsWith('标题.')) {
        const text = asData(j, stripNumber(r.text));
        if (text === null) continue;
        headings[place.slice(3)] = text;
        note('heading');
      } else if (place === '称呼') {
        style.salutation = r.text;
        note('salutation');
      } else if (place === '开头语') {
        const text = asData(j);
        if (text === null) continue;
        style.opening = text;
        note('opening');
      }
      // Other places are the data's words (narrative items, the memo's names): listed if they still differ.
    } else if (b) {
      if (place && replaceable(place) && !(memoGone && place.startsWith('报送函'))) {
        paragraphs[place] = [];
        notes.push({ paragraph: null, place, how: 'left-out', text: b.text });
      }
    } else if (r && anchor) {
      const j = p.report!;
      const key = `${anchor}.之后`;
      const text = asData(j);
      if (text === null) continue;
      after.set(key, [...(after.get(key) ?? []), r.level ? { text, heading: r.level } : text]);
      notes.push({ paragraph: j + 1, place: key, how: 'added', text: r.text });
    }
  }
  for (const [key, list] of after) paragraphs[key] = list;
  // Over what the base had (adopt's second pass starts from the first one's style).
  if (Object.keys(headings).length) style.headings = { ...base.headings, ...headings } as StyleInput['headings'];
  if (Object.keys(paragraphs).length) style.paragraphs = { ...base.paragraphs, ...paragraphs };
  return { style, notes, dataDependent, styled };
}

/** What a build with the style still words otherwise than the report, and which report paragraphs it writes word for word. */
function compare(built: Unit[], report: Unit[]): { differences: Difference[]; reproduced: Set<number> } {
  const differences: Difference[] = [];
  const reproduced = new Set<number>();
  for (const p of align(built, report)) {
    const b = p.built !== null ? built[p.built]! : null;
    const r = p.report !== null ? report[p.report]! : null;
    if (b && r && b.text === r.text) {
      reproduced.add(p.report!);
      continue;
    }
    const reason = !r
      ? '报告中没有这一段，程序按数据写出'
      : !b
        ? '报告中的这一段无处可放（前面没有能接续的段落）'
        : b.place && !BUDGET_PLACES.includes(b.place) && !TEMPLATE_PLACES.includes(b.place)
          ? '这一段的文字来自数据（文字材料、会议、附件名称等），与数据中的文字不同：请在数据中改为报告的写法'
          : '按格式写出的文字与报告不同';
    differences.push({ paragraph: p.report !== null ? p.report + 1 : null, report: r?.text ?? null, built: b?.text ?? null, reason });
  }
  return { differences, reproduced };
}

/**
 * The report's numbers: those of paragraphs written in data as they were placed; those of paragraphs
 * the build writes word for word come from the data; the rest are not placed.
 */
function countNumbers(report: Unit[], placements: Map<number, PlacedNumber[]>, reproduced: Set<number>) {
  const ambiguous: NumberNote[] = [];
  const unplaced: NumberNote[] = [];
  let found = 0;
  report.forEach((u, j) => {
    const tokens = findNumbers(u.text);
    found += tokens.length;
    const placed = placements.get(j);
    if (placed) {
      for (const n of placed) {
        if (n.status === 'ambiguous') ambiguous.push({ ...noteOf(j + 1, u.text, n.token), candidates: n.candidates, chosen: n.name! });
        if (n.status === 'unplaced') unplaced.push(noteOf(j + 1, u.text, n.token));
      }
    } else if (!reproduced.has(j)) for (const t of tokens) unplaced.push(noteOf(j + 1, u.text, t));
  });
  return { found, ambiguous, unplaced };
}

export function adopt(input: AdoptInput): AdoptResult {
  const file = input.docx.file;
  const bare = withStyle(input.loaded, undefined);
  if ((bare.value as { kind?: unknown }).kind !== 'final-accounts') return refuse(input.loaded.sourceMap.file, 'adopt-kind', '数据文件不是决算报告的数据（kind 应为 "final-accounts"）：adopt 只用于决算报告。');
  const validated = validateFinalAccounts(bare.value, bare.sourceMap);
  if (!validated.dataset) return { ok: false, issues: validated.issues.filter((i) => i.severity === 'error') };
  const ds = validated.dataset;
  let report = docxUnits(input.docx);
  const all = report.map((u) => u.text).join('\n');
  const numbersIn = findNumbers(all).length;
  if (!/决算/.test(all) || numbersIn < 10)
    return refuse(file, 'adopt-not-report', `这份文档不像决算报告（${/决算/.test(all) ? '' : '没有“决算”二字，'}只有 ${numbersIn} 个数字）：请选择去年的决算报告（Word 文档）。`);
  const { district, year } = ds.input.meta;
  if (!all.includes(district)) return refuse(file, 'adopt-other-district', `报告中没有出现数据中的区名“${district}”：报告和数据不是同一个区的，未写出任何文件。请选择${district}去年的报告，或这份报告所属区的数据。`);
  if (!all.includes(`${year}年`)) return refuse(file, 'adopt-other-year', `报告中没有出现数据的年度“${year}年”：报告和数据不是同一年的，未写出任何文件。请选择${year}年的报告，或这份报告那一年的数据。`);

  const named = composeFinalAccounts(ds).named;
  const index = buildFigureIndex(named, ds.figures);
  const build = (style: StyleInput, probe: boolean) => buildReportDoc(withStyle(input.loaded, style), input.templates, { ...(input.linked ? { linked: input.linked } : {}), probe, allowUnplaced: true });
  // A paragraph LibreOffice may have cut at a sentence's end (Unit.mayContinue) is read both ways:
  // the reading whose style writes more of the report's text word for word stands. (Where it is cut
  // decides nothing: a cut between the 全区 and 区级 sentences reads like the 分段 layout.)
  const matched = (rep: Unit[]): number => {
    const probe = build(inferStyle(ds, sectionOne(rep), index).style, true);
    if (!probe.doc) return -1;
    let chars = 0;
    for (const j of compare(docUnits(probe.doc), rep).reproduced) chars += rep[j]!.text.length;
    return chars;
  };
  let current: number | null = null;
  for (let k = report.length - 2; k >= 0; k--) {
    if (!report[k]!.mayContinue || report[k]!.level !== null || report[k + 1]!.level !== null) continue;
    current ??= matched(report);
    const joined = joinAt(report, k);
    const m = matched(joined);
    if (m > current) {
      report = joined;
      current = m;
    }
  }
  const choices = inferStyle(ds, sectionOne(report), index).style;
  const probeAlign = (style: StyleInput): { built: Unit[]; pairs: Pair[] } | { issues: Issue[] } => {
    const probe = build(style, true);
    if (!probe.doc) return { issues: probe.issues.filter((i) => i.severity === 'error') };
    const units = docUnits(probe.doc);
    return { built: units, pairs: align(units, report) };
  };
  let probed = probeAlign(choices);
  if ('issues' in probed) return { ok: false, issues: probed.issues };

  const printer = new StylePrinter(houseStyle(choices));
  const words = wordRefs(ds);
  const contexts = headingContexts(report);
  const placements = new Map<number, PlacedNumber[]>();
  // `allPlaced` (the later passes): a paragraph written in data only for another paragraph's sake is
  // declined where a number of it would stay as typed ({{?…}}): build would refuse the style, where
  // the template's paragraph differs only by what moved (listed as a difference).
  const dataText =
    (allPlaced: boolean) =>
    (j: number, text = report[j]!.text): string | null => {
      const placed = placeParagraph(text, contexts[j]!, index, words, printer);
      if (allPlaced && placed.numbers.some((n) => n.status === 'unplaced')) return null;
      placements.set(j, placed.numbers);
      return placed.text;
    };
  const asData = dataText(false) as (j: number, text?: string) => string;
  const notes: ParagraphNote[] = [];
  // The title first: the memo names the report by it, so the other paragraphs are compared with it in place.
  let base = choices;
  const first = probed;
  const titled = first.pairs.find((p) => p.built !== null && p.report !== null && first.built[p.built]!.place === '报告标题' && first.built[p.built]!.text !== report[p.report]!.text);
  if (titled) {
    base = { ...choices, title: asData(titled.report!) };
    notes.push({ paragraph: titled.report! + 1, place: '报告标题', how: 'title', text: report[titled.report!]!.text });
    probed = probeAlign(base);
    if ('issues' in probed) return { ok: false, issues: probed.issues };
  }
  const firstPass = styleFromPairs(probed.built, report, probed.pairs, base, asData);
  let written = firstPass;
  notes.push(...written.notes);
  // What the style changes can change other paragraphs of the build: with the report's first 区级
  // paragraph left out, the 区级 explanation (含…本级，下同) moves to the next paragraph naming
  // 区级, which the report wrote without it. Built again with the style, those are written in data
  // too, until a build changes nothing more (each pass can move it one paragraph on).
  for (let pass = 0, changed = !!(written.style.paragraphs || written.style.headings); changed && pass < 6; pass++) {
    const again = probeAlign(written.style);
    if ('issues' in again) return { ok: false, issues: again.issues };
    const more = styleFromPairs(again.built, report, again.pairs, written.style, dataText(true));
    changed = more.notes.length > 0;
    notes.push(...more.notes);
    written = more;
  }
  const style: StyleInput = { ...written.style, name: `${district}决算报告格式（据${basename(file)}）` };

  // The style, checked by building with it: what still reads otherwise is listed.
  const final = build(style, false);
  if (!final.doc) return { ok: false, issues: final.issues.filter((i) => i.severity === 'error') };
  const { differences, reproduced } = compare(docUnits(final.doc), report);
  const { found, ambiguous, unplaced } = countNumbers(report, placements, reproduced);
  const placedCount = found - ambiguous.length - unplaced.length;
  if (found >= 10 && placedCount < found / 2)
    return refuse(
      file,
      'adopt-other-data',
      `报告中的 ${found} 个数字只有 ${placedCount} 个能与数据中的数字对上：这份数据多半不是这份报告那一年、那个区的（报告和数据应同为${district}${year}年），未写出任何文件。请检查所选的报告和数据。`,
    );
  return {
    ok: true,
    style,
    summary: {
      numbers: { found, placed: placedCount, ambiguous: ambiguous.length, unplaced: unplaced.length },
      ambiguous,
      unplaced,
      choices: choiceLabels(choices),
      styled: firstPass.styled,
      paragraphs: notes,
      dataDependent: [...new Set(firstPass.dataDependent)],
      differences,
      paragraphCount: report.length,
    },
  };
}

export type { FigureIndex };
