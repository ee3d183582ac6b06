import { columnLetters } from '../workbook/formula';
import { normalizeText } from '../workbook/cells';
import { LIST_STYLES, NO, OUTLINE_KEY, OUTLINE_TITLES, OUTLINE_COLUMNS, ROW_TYPES, USES, YES, type OutlineRowType } from '../workbook/build-outline';
import { pathToString, type PathSegment } from './path';
import type { SheetIndex, WorkbookReader } from './xlsx';

/**
 * Reads the body of a narrative report from its rows in document order (see workbook/build-outline.ts):
 * a 部分 row opens a section at its level, a 条目 row an item under the section (or item) above, a
 * 分点 row a point of the item above, a 段落 row one more paragraph of what is above it, 结束语 rows
 * the closing. Each part is placed at its cells, so a message about it names the cell.
 */

type At = { sheet: string; cell: string };
type Cell = { value: string; at: At };

interface Body {
  path: PathSegment[];
  paras: Cell[];
  items: Item[];
  sections: Section[];
  list?: { value: string; at: At };
}
interface Section extends Body {
  heading: { value: string | undefined; at: At };
  runIn?: { value: boolean; at: At };
}
interface Item {
  path: PathSegment[];
  lead?: Cell;
  leadAt: At;
  paras: Cell[];
  points: { lead?: Cell; text?: Cell; at: At }[];
  items: Item[];
  list?: { value: string; at: At };
  /** A point may follow its item or another point only: set once a paragraph or sub-item follows. */
  closedForPoints: boolean;
}

const TYPE_OF = new Map<string, OutlineRowType>(
  (Object.entries(ROW_TYPES) as [OutlineRowType, string][]).flatMap(([k, v]) => [
    [v, k],
    [k, k],
  ]),
);
const title = (key: string) => OUTLINE_TITLES[OUTLINE_COLUMNS.indexOf(key)] ?? key;

export function readOutline(reader: WorkbookReader, idx: SheetIndex): void {
  const { ws } = idx;
  const col = (k: string) => idx.cols.get(k);
  const dataCols = ['type', 'level', 'lead', 'text', 'runIn', 'list'].map(col).filter((c): c is number => c !== undefined);
  const root: Body = { path: [], paras: [], items: [], sections: [] };
  const closing: Cell[] = [];
  let sections: Section[] = []; // the open section at each level
  let items: Item[] = []; // the open item at each depth, under the current section
  let closingFrom = 0;

  const text = (r: number, key: string, path: string): Cell | undefined => {
    const c = col(key);
    if (c === undefined) return undefined;
    const { value, at } = reader.value(ws, r, c, 'longtext', path);
    return typeof value === 'string' && value !== '' ? { value, at } : undefined;
  };
  const at = (r: number, key: string): At => ({ sheet: ws.name, cell: `${columnLetters(col(key) ?? idx.keyCol)}${r}` });
  const problem = (r: number, key: string, message: string, actual?: string) =>
    reader.issue('xlsx-outline', `第 ${r} 行：${message}`, at(r, key), undefined, 'error', actual);

  reader.rows(idx, dataCols, (r, key) => {
    if (key !== OUTLINE_KEY) return reader.unknownKey(idx, r, key);
    const typeCell = reader.value(ws, r, col('type')!, 'text', 'type');
    const filled = dataCols.filter((c) => c !== col('type') && reader.filled(ws, r, c));
    if (typeCell.value === undefined) {
      if (filled.length)
        problem(r, 'type', `填写了内容，但没有选择“类型”：请在 ${at(r, 'type').cell} 选择 ${Object.values(ROW_TYPES).join('、')} 之一，或清空这一行。`);
      return;
    }
    const typeText = normalizeText(String(typeCell.value)).replace(/\s+/g, '');
    const type = TYPE_OF.get(typeText);
    if (!type) return problem(r, 'type', `“类型”为“${typeText}”，无法识别：应为 ${Object.values(ROW_TYPES).join('、')} 之一（可从下拉列表中选择）。`, typeText);
    // What a row of this type does not use would be lost: said instead.
    for (const k of ['level', 'lead', 'runIn', 'list']) {
      const c = col(k);
      if (c !== undefined && !USES[type].includes(k) && reader.filled(ws, r, c))
        return problem(r, k, `“${ROW_TYPES[type]}”行不使用“${title(k)}”列，${columnLetters(c)}${r} 中的内容不会被读取：请清空该单元格，或改选“类型”。`);
    }
    if (closingFrom && type !== 'closing')
      return problem(r, 'type', `结束语（第 ${closingFrom} 行起）之后还有“${ROW_TYPES[type]}”：结束语在报告末尾，请把这一行移到结束语之前。`);

    const levelOf = (): number | null => {
      const c = col('level');
      if (c === undefined) return type === 'section' ? null : 1;
      const { value } = reader.value(ws, r, c, 'int', 'level');
      if (value === undefined) {
        if (type === 'item') return 1;
        problem(r, 'level', '“部分”须填写“级别”：1 为一、，2 为（一），3 为 1.，4 为（1）。');
        return null;
      }
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
        problem(r, 'level', `“级别”应为 1、2、3……，实为 ${String(value)}。`, String(value));
        return null;
      }
      return value;
    };
    const listOf = (): { value: string; at: At } | undefined | null => {
      const c = col('list');
      if (c === undefined) return undefined;
      const { value, at: where } = reader.value(ws, r, c, 'text', 'list');
      if (value === undefined) return undefined;
      const t = normalizeText(String(value)).replace(/\s+/g, '');
      const hit = LIST_STYLES.find((s) => s.label === t || s.value === t);
      if (hit) return { value: hit.value, at: where };
      problem(r, 'list', `“${title('list')}”为“${t}”，无法识别：应为 ${LIST_STYLES.map((s) => s.label).join('、')} 之一。`, t);
      return null;
    };

    if (type === 'section') {
      const level = levelOf();
      if (level === null) return;
      if (level > sections.length + 1)
        return problem(r, 'level', `这是第 ${level} 级部分，但前面没有第 ${level - 1} 级部分：请改正“级别”（1 为一、，2 为（一），3 为 1.，4 为（1））。`, String(level));
      const parent: Body = level === 1 ? root : sections[level - 2]!;
      const path = [...parent.path, 'sections', parent.sections.length];
      const heading = text(r, 'lead', pathToString([...path, 'heading']));
      const s: Section = { path, paras: [], items: [], sections: [], heading: { value: heading?.value, at: at(r, 'lead') } };
      const first = text(r, 'text', pathToString([...path, 'text']));
      if (first) s.paras.push(first);
      const runInCol = col('runIn');
      if (runInCol !== undefined) {
        const { value, at: where } = reader.value(ws, r, runInCol, 'text', pathToString([...path, 'runIn']));
        if (value !== undefined) {
          const t = normalizeText(String(value)).toUpperCase();
          if (t === YES || t === 'TRUE') s.runIn = { value: true, at: where };
          else if (t === NO || t === 'FALSE') s.runIn = { value: false, at: where };
          else problem(r, 'runIn', `“连排”应为“${YES}”或“${NO}”（或不填），实为“${String(value)}”。`, String(value));
        }
      }
      const list = listOf();
      if (list) s.list = list;
      parent.sections.push(s);
      sections = [...sections.slice(0, level - 1), s];
      items = [];
      return;
    }

    if (type === 'item') {
      const depth = levelOf();
      if (depth === null) return;
      if (depth > items.length + 1)
        return problem(r, 'level', `这是第 ${depth} 级条目，但上面没有第 ${depth - 1} 级条目：“级别”1 为所在部分的条目，2 为上一个条目的下级条目。`, String(depth));
      const body: Body = sections[sections.length - 1] ?? root;
      const parent = depth === 1 ? body : items[depth - 2]!;
      const path = [...parent.path, 'items', parent.items.length];
      const it: Item = { path, paras: [], points: [], items: [], leadAt: at(r, 'lead'), closedForPoints: false };
      const lead = text(r, 'lead', pathToString([...path, 'lead']));
      if (lead) it.lead = lead;
      const first = text(r, 'text', pathToString([...path, 'text']));
      if (first) it.paras.push(first);
      const list = listOf();
      if (list) it.list = list;
      if (depth > 1) (parent as Item).closedForPoints = true;
      parent.items.push(it);
      items = [...items.slice(0, depth - 1), it];
      return;
    }

    if (type === 'point') {
      const it = items[items.length - 1];
      if (!it) return problem(r, 'type', '“分点”上面没有条目：分点是上一个条目的分点（接排为“一是……二是……”），请先加一行“条目”（引领语、正文可空）。');
      if (it.closedForPoints)
        return problem(r, 'type', '“分点”须紧接在它的条目（或其他分点）之后：分点接排在条目的第一段中，不能在条目的其他段落或下级条目之后。请把这一行移到条目之后。');
      const base = [...it.path, 'points', it.points.length];
      const lead = text(r, 'lead', pathToString([...base, 'lead']));
      const t = text(r, 'text', pathToString([...base, 'text']));
      if (!lead && !t) return;
      it.points.push({ ...(lead ? { lead } : {}), ...(t ? { text: t } : {}), at: at(r, lead ? 'lead' : 'text') });
      return;
    }

    const t = text(r, 'text', type === 'closing' ? 'closing' : 'text');
    if (!t) return;
    if (type === 'closing') {
      closingFrom ||= r;
      closing.push(t);
      return;
    }
    const it = items[items.length - 1];
    if (it) {
      it.paras.push(t);
      it.closedForPoints = true;
    } else (sections[sections.length - 1] ?? root).paras.push(t);
  });

  // ── The tree → the dataset's body, every part placed ─────────────────────────────────────────
  const place = (path: PathSegment[], where: At) => reader.place(pathToString(path), where);
  const paragraphs = (paras: Cell[], path: PathSegment[]): unknown => {
    if (!paras.length) return undefined;
    place(path, paras[0]!.at);
    if (paras.length === 1) return paras[0]!.value;
    paras.forEach((p, k) => place([...path, k], p.at));
    return paras.map((p) => p.value);
  };
  const item = (it: Item): Record<string, unknown> => {
    place(it.path, it.lead?.at ?? it.leadAt);
    place([...it.path, 'lead'], it.leadAt);
    const out: Record<string, unknown> = {};
    if (it.lead) out.lead = it.lead.value;
    const text = paragraphs(it.paras, [...it.path, 'text']);
    if (text !== undefined) out.text = text;
    if (it.points.length) {
      place([...it.path, 'points'], it.points[0]!.at);
      out.points = it.points.map((p, k) => {
        const pp = [...it.path, 'points', k];
        place(pp, p.at);
        const po: Record<string, unknown> = {};
        if (p.lead) {
          place([...pp, 'lead'], p.lead.at);
          po.lead = p.lead.value;
        }
        if (p.text) {
          place([...pp, 'text'], p.text.at);
          po.text = p.text.value;
        }
        return po;
      });
    }
    if (it.list) {
      place([...it.path, 'list'], it.list.at);
      out.list = it.list.value;
    }
    if (it.items.length) out.items = it.items.map(item);
    return out;
  };
  const body = (b: Body, out: Record<string, unknown>) => {
    const text = paragraphs(b.paras, [...b.path, 'text']);
    if (text !== undefined) out.text = text;
    if (b.list) {
      place([...b.path, 'list'], b.list.at);
      out.list = b.list.value;
    }
    if (b.items.length) out.items = b.items.map(item);
    if (b.sections.length)
      out.sections = b.sections.map((s) => {
        place(s.path, s.heading.at);
        place([...s.path, 'heading'], s.heading.at);
        const so: Record<string, unknown> = {};
        if (s.heading.value !== undefined) so.heading = s.heading.value;
        if (s.runIn) {
          place([...s.path, 'runIn'], s.runIn.at);
          so.runIn = s.runIn.value;
        }
        body(s, so);
        return so;
      });
    return out;
  };
  const out = body(root, {});
  for (const key of ['text', 'items', 'sections'] as const) if (out[key] !== undefined) reader.set(key, out[key]);
  const c = paragraphs(closing, ['closing']);
  if (c !== undefined) reader.set('closing', c);
  // A report without a body is said by the validator (narrative-empty) at the root: point it at this sheet.
  if (!root.paras.length && !root.items.length && !root.sections.length) reader.place('', { sheet: ws.name, cell: `${columnLetters(col('type') ?? idx.keyCol)}5` });
}
