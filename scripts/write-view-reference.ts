/**
 * Writes docs/view-model.md (npm run view-reference): the final-accounts view model as a template
 * sees it, for IT staff who override templates. Generated from the bundled examples composed as a
 * build composes them (data/laiwu-2024.json and the three house-style districts, so that optional
 * and absent parts are seen): every path with its type, how to print it and, for each number, the
 * dataset field or computation it comes from; every helper with a usage run against the Laiwu
 * example; every named figure for {{fig "名称"}} by its naming pattern. test/view-reference.test.ts
 * fails when the committed file is not what this writes.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseJson } from '../src/load/json';
import { loadLinkedJsonReports } from '../src/load/linked';
import { parsePath, type PathSegment } from '../src/load/path';
import { validateFinalAccounts } from '../src/validate';
import { labelPath } from '../src/validate/labels';
import { PREVIOUS_PREFIX, valueAt } from '../src/validate/previous';
import { resolveStyle } from '../src/style/resolve';
import { composeFinalAccounts, type FinalAccountsView } from '../src/compose/final-accounts';
import { BUDGET_NAMES } from '../src/compose/budget-text';
import { Num } from '../src/compose/num';
import type { FigureKind } from '../src/compose/style-print';
import type { Source } from '../src/model/source';
import { renderTemplate, type TemplateSet } from '../src/render/engine';
import { figureHelpers, HELPER_USAGE } from '../src/render/helpers';
import { FigureRegistry, FIG_CHARS } from '../src/render/figures';

const ROOT = join(__dirname, '..');
export const VIEW_REFERENCE_FILE = join(ROOT, 'docs', 'view-model.md');

/** The examples composed, in this order: the default style first, then the three house styles, then the district with the standard tables. */
const EXAMPLES = ['laiwu-2024.json', 'lanxi-2024.json', 'songyan-2024.json', 'luwan-2024.json', 'qinghe-2024.json'];

/**
 * The Laiwu example changed so that each part a dataset may leave out is seen empty: without the
 * optional sections, and with its sections but for the whole district only and without optional fields.
 */
const VARIANTS: { label: string; change: (raw: Record<string, any>) => Record<string, any> }[] = [
  {
    label: '莱芜区（去掉可选部分）',
    change: (raw) => {
      for (const k of ['fundBudget', 'stateCapitalBudget', 'socialInsuranceBudget', 'debt', 'analysis', 'firstHalf', 'figures']) delete raw[k];
      delete raw.generalBudget.stabilizationFund;
      delete raw.generalBudget.reserveFund;
      delete raw.generalBudget.level;
      delete raw.meta.priorMeeting;
      delete raw.meta.levelNote;
      raw.meta.attachments = [];
      raw.plans = [];
      return raw;
    },
  },
  {
    label: '莱芜区（只报全区、不填可选项）',
    change: (raw) => {
      for (const b of ['generalBudget', 'fundBudget', 'stateCapitalBudget', 'socialInsuranceBudget']) delete raw[b].level;
      for (const b of ['general', 'fund', 'stateCapital', 'socialInsurance']) delete raw.firstHalf[b]?.level;
      delete raw.meta.levelNote;
      delete raw.debt.balance.note;
      delete raw.debt.bonds.newBonds.projectCount;
      for (const k of ['incomeComparable', 'fundIncomeReason', 'fundExpenditureReason']) delete raw.analysis[k];
      delete raw.analysis.tax.comparable;
      return raw;
    },
  },
];

interface Example {
  file: string;
  district: string;
  input: unknown;
  view: FinalAccountsView;
}

/** An example composed exactly as `build` composes it: validated, its house style resolved (a style file read beside it). */
function compose(name: string, variant?: { label: string; change: (raw: Record<string, any>) => Record<string, any> }): Example {
  const file = join(ROOT, 'data', name);
  const text = readFileSync(file, 'utf8');
  const loaded = parseJson(variant ? JSON.stringify(variant.change(JSON.parse(text)), null, 2) : text, `data/${name}`);
  const validated = validateFinalAccounts(loaded.value, loaded.sourceMap);
  if (!validated.dataset) throw new Error(`${name}: ${validated.issues.map((i) => i.message).join('; ')}`);
  const ds = validated.dataset;
  const styled = resolveStyle(ds.input, loaded.sourceMap, loadLinkedJsonReports(loaded, file), ds.figures, ds.previous);
  if (styled.issues.some((i) => i.severity === 'error')) throw new Error(`${name}: ${styled.issues.map((i) => i.message).join('; ')}`);
  return { file: `data/${name}`, district: variant?.label ?? ds.input.meta.district, input: ds.input, view: composeFinalAccounts(ds, undefined, styled.style) };
}

// ---------------------------------------------------------------------------------------------
// Sources, in words

/** generalBudget.district.income.lines[0].amount → generalBudget.district.income.lines[].amount */
const general = (path: string) => path.replace(/\[\d+\]/g, '[]');

/** The placeholders paths are generalised with, and a concrete key each stands for (to find labels). */
const PLACEHOLDER_KEYS: [RegExp, string][] = [
  [/^firstHalf\.〈预算〉/, 'firstHalf.general'],
  [/^〈预算〉/, 'generalBudget'],
  [/〈范围〉/, 'district'],
];

/** Chinese labels of a dataset path (labels.ts), placeholders kept: 〈预算〉·〈范围〉·收入·合计. */
function pathLabel(path: string): string {
  const concrete = PLACEHOLDER_KEYS.reduce((s, [re, to]) => s.replace(re, to), path.replace(/\[\]/g, '[0]'));
  const segs = parsePath(path.replace(/\[\]/g, '[0]'));
  const labels = labelPath(parsePath(concrete)).split('·');
  return labels.map((l, i) => (typeof segs[i] === 'string' && /^〈.+〉$/.test(segs[i] as string) ? (segs[i] as string) : l.replace(/^第\d+项$/, '各项'))).join('·');
}

function describePath(path: string): string {
  const prev = path.startsWith(PREVIOUS_PREFIX);
  const p = general(prev ? path.slice(PREVIOUS_PREFIX.length) : path);
  return `${prev ? '上年数据（--previous）的 ' : ''}\`${p}\`（${pathLabel(p)}）`;
}

type PathMap = (path: string) => string;
const same: PathMap = (p) => p;

function describeSource(src: Source, map: PathMap): string {
  if ('path' in src) return describePath(map(src.path));
  if (!src.inputs.length) return `计算：${src.derivation}`;
  return `计算：${src.derivation}，由 ${src.inputs.map((x) => describeSource(x, map)).join('、')}`;
}

function describeNum(n: Num, map: PathMap): string {
  const field = n.field && !('path' in n.src && n.src.path === n.field) ? `（代替 \`${general(map(n.field))}\`，数据未填时算出）` : '';
  return `${describeSource(n.src, map)}${field}`;
}

// ---------------------------------------------------------------------------------------------
// The view as a tree of paths

type Kind = 'num' | 'text' | 'composed' | 'prose' | 'date' | 'bool' | 'list' | 'object' | 'table' | 'named' | 'format' | 'null' | 'recursive';

interface PathNode {
  kinds: Set<Kind>;
  /** Districts whose view has this path / has a value (not null) there. */
  seen: Set<string>;
  present: Set<string>;
  children: Map<string, PathNode>;
  sources: Set<string>;
  /** Named-figure names of the numbers here (labels of list items and the shared scopes generalised). */
  names: Set<string>;
  figureKinds: Set<FigureKind>;
  /** A scope described once for all budgets (see SHARED). */
  shared?: string;
}

const node = (): PathNode => ({ kinds: new Set(), seen: new Set(), present: new Set(), children: new Map(), sources: new Set(), names: new Set(), figureKinds: new Set() });

function child(n: PathNode, key: string): PathNode {
  let c = n.children.get(key);
  if (!c) n.children.set(key, (c = node()));
  return c;
}

/**
 * Scopes with one structure in several budgets, described once: the view path they sit at, how their
 * data paths and figure names are written generally, and a concrete path for the usage examples.
 */
interface Shared {
  title: string;
  display: string;
  example: string;
  /** Does [parent…, key] lead into it? Then: the data prefix and the names' budget word. */
  match: (path: string[]) => { data: string; budgetWord: string; scope: string } | null;
  dataGeneral: string;
  nameGeneral: (budgetWord: string, scope: string) => string;
  intro: string;
}

const VIEW_BUDGETS: Record<string, { data: string; word: string }> = {
  general: { data: 'generalBudget', word: BUDGET_NAMES.general.name },
  fund: { data: 'fundBudget', word: BUDGET_NAMES.fund.name },
  stateCapital: { data: 'stateCapitalBudget', word: BUDGET_NAMES.stateCapital.name },
};
const HALF_WORDS: Record<string, string> = { general: '一般公共预算', fund: '政府性基金预算', stateCapital: '国有资本经营预算', socialInsurance: '社会保险基金' };
const SCOPE_WORDS: Record<string, string> = { district: '全区', level: '区级' };
const isScope = (k: string | undefined) => k === 'district' || k === 'level';

const SHARED: Record<string, Shared> = {
  budget: {
    title: '三本预算的一个范围：`〈预算〉.〈范围〉`',
    display: '〈预算〉.〈范围〉',
    example: 'general.district',
    match: (p) => (p.length === 2 && VIEW_BUDGETS[p[0]!] && isScope(p[1]) ? { data: `${VIEW_BUDGETS[p[0]!]!.data}.${p[1]}`, budgetWord: VIEW_BUDGETS[p[0]!]!.word, scope: p[1]! } : null),
    dataGeneral: '〈预算〉.〈范围〉',
    nameGeneral: () => '',
    intro:
      '`general`、`fund`、`stateCapital` 各有 `district`（全区）和 `level`（区级，数据只报全区时为空），结构相同，在此一并说明。' +
      '路径中的 `〈预算〉` 在视图中为 `general`、`fund`、`stateCapital`，在数据中为 `generalBudget`、`fundBudget`、`stateCapitalBudget`；`〈范围〉` 为 `district` 或 `level`。' +
      '“模板中怎样用”以 `general.district` 为例。',
  },
  social: {
    title: '社会保险基金预算的一个范围：`social.〈范围〉`',
    display: 'social.〈范围〉',
    example: 'social.district',
    match: (p) => (p.length === 2 && p[0] === 'social' && isScope(p[1]) ? { data: `socialInsuranceBudget.${p[1]}`, budgetWord: '社会保险基金', scope: p[1]! } : null),
    dataGeneral: 'socialInsuranceBudget.〈范围〉',
    nameGeneral: () => '',
    intro: '`social.district`（全区）和 `social.level`（区级，可为空）结构相同。“模板中怎样用”以 `social.district` 为例。',
  },
  half: {
    title: '次年上半年一本预算的一个范围：`firstHalf.〈预算〉.〈范围〉`',
    display: 'firstHalf.〈预算〉.〈范围〉',
    example: 'firstHalf.general.district',
    match: (p) => (p.length === 3 && p[0] === 'firstHalf' && HALF_WORDS[p[1]!] && isScope(p[2]) ? { data: `firstHalf.${p[1]}.${p[2]}`, budgetWord: HALF_WORDS[p[1]!]!, scope: p[2]! } : null),
    dataGeneral: 'firstHalf.〈预算〉.〈范围〉',
    nameGeneral: () => '',
    intro:
      '`firstHalf` 的 `general`、`fund`、`stateCapital`、`socialInsurance` 各有 `district` 和 `level`（可为空），结构相同（视图与数据中的键相同）。' +
      '“模板中怎样用”以 `firstHalf.general.district` 为例。',
  },
};

interface WalkCtx {
  labels: string[];
  /** Data paths and names written generally inside a shared scope. */
  map: PathMap;
  name: (n: string) => string;
}

const sharedRoots = new Map<string, PathNode>();

function walk(v: unknown, n: PathNode, ex: Example, path: string[], ctx: WalkCtx): void {
  n.seen.add(ex.district);
  if (v === null || v === undefined) {
    n.kinds.add('null');
    return;
  }
  n.present.add(ex.district);
  if (v instanceof Num) {
    n.kinds.add('num');
    n.sources.add(describeNum(v, ctx.map));
    const name = ex.view.named.nameOf(v);
    if (name) {
      const byLabel = ctx.labels.reduce((s, l) => (l && s.includes(l) ? s.replace(l, '〈名称〉') : s), name);
      n.names.add(ctx.name(byLabel));
      n.figureKinds.add(ex.view.named.get(name)!.kind);
    }
    return;
  }
  if (typeof v === 'string') return void n.kinds.add('text');
  if (typeof v === 'boolean') return void n.kinds.add('bool');
  if (typeof v === 'number') throw new Error(`a bare number in the view at ${path.join('.')}: give it a source (Num)`);
  if (Array.isArray(v)) {
    n.kinds.add('list');
    // Revenue items nest: their items have the shape of the list they are in.
    if (path.length >= 3 && path[path.length - 1] === 'items' && path[path.length - 2] === '[]' && path[path.length - 3] === 'items') {
      n.kinds.add('recursive');
      return;
    }
    for (const x of v) {
      const label = typeof (x as { label?: unknown })?.label === 'string' ? (x as { label: string }).label : '';
      walk(x, child(n, '[]'), ex, [...path, '[]'], { ...ctx, labels: [...ctx.labels, label] });
    }
    return;
  }
  const kind = (v as { kind?: unknown }).kind;
  if (kind === 'composed') return void n.kinds.add('composed');
  if (kind === 'prose') return void n.kinds.add('prose');
  if (kind === 'date') return void n.kinds.add('date');
  if (kind === 'table') return void n.kinds.add('table');
  if (kind === 'named-figures') return void n.kinds.add('named');
  if (kind === 'style-format') return void n.kinds.add('format');
  n.kinds.add('object');
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const p = [...path, k];
    const hit = Object.entries(SHARED)
      .map(([key, sh]) => ({ key, sh, m: sh.match(p) }))
      .find((h) => h.m);
    if (hit) {
      // Noted where it sits (an object, or null), described once in its own section.
      const here = child(n, k);
      here.shared = hit.key;
      here.seen.add(ex.district);
      if (x === null || x === undefined) {
        here.kinds.add('null');
        continue;
      }
      here.kinds.add('object');
      here.present.add(ex.district);
      const m = hit.m!;
      const prefix = new RegExp(`^(${PREVIOUS_PREFIX})?${m.data.replace(/\./g, '\\.')}\\.`);
      const scopeWord = SCOPE_WORDS[m.scope]!;
      let root = sharedRoots.get(hit.key);
      if (!root) sharedRoots.set(hit.key, (root = node()));
      walk(x, root, ex, p, {
        labels: [],
        map: (d) => d.replace(prefix, `$1${hit.sh.dataGeneral}.`),
        name: (s) => {
          const half = s.startsWith('上半年');
          let out = half ? s.slice(3) : s;
          if (out.startsWith(scopeWord)) out = `〈范围〉${out.slice(scopeWord.length)}`;
          if (hit.key !== 'social') out = out.replace(m.budgetWord, '〈预算〉');
          return `${half ? '上半年' : ''}${out}`;
        },
      });
      continue;
    }
    walk(x, child(n, k), ex, p, ctx);
  }
}

const TYPE_WORDS: Record<Kind, string> = {
  num: '数字 Num',
  text: '文字',
  composed: '组合好的段落 ComposedText',
  prose: '文字 Prose（其中的数字来自数据表，已带来源）',
  date: '日期',
  bool: '是/否',
  list: '列表',
  object: '组合',
  table: '表格',
  named: '具名数字',
  format: '（内部：本区数字格式，供 fig、wan 使用）',
  null: '可为空 null',
  recursive: '列表',
};

/** The figure kind of a number without a name, by its field. */
function kindByField(last: string): FigureKind {
  if (/^(year|nextYear|previousYear)$/.test(last)) return 'year';
  if (/^(rate|share)$/.test(last)) return 'rate';
  if (last === 'shareChange') return 'pp';
  if (/^(growth|comparable)$/.test(last)) return 'growth';
  if (last === 'projectCount') return 'count';
  return 'amount';
}

function numUsage(expr: string, kinds: Set<FigureKind>): string {
  const kind: FigureKind = kinds.size === 1 ? [...kinds][0]! : kindByField(expr.split('.').pop()!);
  switch (kind) {
    case 'year':
      return `\`{{int ${expr}}}\``;
    case 'rate':
      return `\`{{pct ${expr} 1}}\``;
    case 'growth':
      return `\`{{chg ${expr} 1}}\``;
    case 'pp':
      return `\`{{pp ${expr}}}\``;
    case 'count':
      return `\`{{count ${expr} "个"}}\``;
    default:
      return `\`{{wan ${expr}}}\`、\`{{yi ${expr} 2}}\``;
  }
}

/**
 * How a path is used in a template. Inside a list the expression is relative to the item
 * ({{#each general.district.income.lines}}{{wan amount}}{{/each}}).
 */
function usage(p: string, n: PathNode): string {
  const k = n.kinds;
  // plans[].points[].lead: {{#each plans}}{{#each points}} … {{lead}}
  const lists = p.split('[]').map((x) => x.replace(/^\./, ''));
  const inList = lists.length > 1 ? lists.slice(0, -1).map((x) => `{{#each ${x}}}`).join('') : null;
  const expr = lists[lists.length - 1] || 'this';
  const parts: string[] = [];
  if (k.has('num')) {
    parts.push(numUsage(expr, n.figureKinds));
    if (n.names.size) parts.push(`或按本区格式：${[...n.names].map((x) => `\`{{fig "${x}"}}\``).join('、')}`);
  }
  if (k.has('text') || k.has('composed') || k.has('prose')) parts.push(`\`{{${expr}}}\``);
  if (k.has('date')) parts.push(`\`{{date ${expr}}}\``);
  if (k.has('bool')) parts.push(`\`{{#if ${expr}}}…{{/if}}\``);
  if (k.has('table')) parts.push(`\`{{table ${expr}}}\``);
  if (k.has('list')) parts.push(k.has('recursive') ? '每项的结构同上一级的项（可多级）' : `\`{{#each ${expr}}}…{{/each}}\``);
  if (k.has('named')) parts.push('`{{fig "名称"}}`，见“具名数字”');
  if (k.has('null') && !k.has('bool') && !n.shared) parts.push(`先 \`{{#if ${expr}}}\` 判断`);
  if (n.shared) parts.push(`${k.has('null') ? `先 \`{{#if ${expr}}}\` 判断；` : ''}内容见“${SHARED[n.shared]!.title}”`);
  const text = parts.join('；');
  return inList !== null && text ? `在 \`${inList}\` 中：${text}` : text;
}

/** What a path means, where the name and the type do not say it: a whole path, or a pattern of paths. */
const MEANING: Record<string, string> = {
  'meta.previousYear': '上年（年度 − 1），“比上年”“上年数”等处用',
  'meta.nextYear': '次年（年度 + 1），上半年执行情况用',
  'meta.meetingDate': '会议日期，由 meta.meeting.date 读出',
  'meta.meeting.date': '会议日期（数据中的文字，如 2025-08-29）；印日期用 meta.meetingDate',
  'meta.hasFirstHalf': '报告是否含次年上半年执行情况（标题写“和……上半年预算执行情况”）',
  'meta.levelNote': '区级第一次出现时的口径说明，如“含各功能区本级”',
  'meta.priorMeeting': '前次报告预算执行情况的会议，决算说明段用',
  'meta.priorMeetingMatch': '决算数与前次会议报告的执行数是否一致',
  'meta.attachments': '附件说明中的名称（附件报告已换成其标题）',
  'meta.attachments[]': '附件名称',
  'headings.accounts': '“2024年决算情况”（一级标题）',
  'headings.general': '“一般公共预算收支决算情况”',
  'headings.fund': '“政府性基金预算收支决算情况”',
  'headings.stateCapital': '“国有资本经营预算收支决算情况”',
  'headings.social': '“社会保险基金预算收支决算情况”',
  'headings.debt': '“政府债务情况”',
  'headings.analysis': '“2024年财政运行特点”',
  'headings.firstHalf': '“2025年上半年预算执行情况”',
  'headings.highlights': '“2025年上半年主要工作”',
  'headings.plans': '“下半年工作打算”',
  'headings.analysisGeneral': '“一般公共预算收支分析”',
  'headings.analysisFund': '“政府性基金预算收支分析”',
  'headings.analysisProblems': '“当前存在的主要问题”',
  'headings.firstHalfExecution': '“预算执行情况”',
  'headings.firstHalfProblems': '“当前存在的问题”',
  'places.probe': 'adopt 的对照生成：每段带上它的位置标记',
  'places.own': '格式中代替模板段落的段落，按位置',
  'places.after': '格式中接在某一位置之后的段落，按位置',
  'style.salutation': '称谓（本区格式）',
  'style.opening': '开头一句（本区格式中写了时）；为空时用默认的开头',
  'style.district': '本区格式对“全区”的叫法（全区/区）',
  'style.level': '本区格式对“区级”的叫法（区级/区本级/××区本级）',
  'general.fiscalRevenue': '财政总收入（数据填了时）',
  'general.stabilizationFund': '预算稳定调节基金（数据填了时）',
  'general.reserveFund': '预备费（数据填了时）',
  'general.reserveFund.uses': '预备费的用途（数据中的文字）',
  'debt.approval': '核定限额的文件或机关（数据中的文字）',
  'debt.balance.note': '余额的说明（数据中的文字）',
  'debt.withinLimit': '余额未超过限额',
  'tables.label': '附件标签，如“附件1”',
  'tables.title': '附件名称',
  'tables.items': '表格：决算草案表（数据有 classified 时为财政系统的标准表，编号表1、表2……；否则为程序按报告数字生成的汇总表），其后为数据中的自有表格',
  'tables.contents': '目录各行（表1　××区2024年一般公共预算收入决算表……）：标准表的张数较多时才有，模板在附件标题后印成目录页',
  levelFirst: '区级第一次出现时的写法，带口径说明：区级（含各功能区本级，下同）',
  accountsNote: '“需要说明的是，上述四本决算数字……”，数几本按实有的预算；没有前次会议时为空（格式可用位置“决算说明”换成自己的写法）',
  accountsAfter: '决算情况之后、数据中写的段落',
  debtAfter: '政府债务之后、数据中写的段落',
};

/** Meanings by the path's shape (its last segments), for fields that recur in many places. */
const MEANING_BY_SHAPE: [RegExp, string][] = [
  [/^(general|fund|stateCapital|social)\.text$/, '本部分按本区格式组合好的段落，每项有 heading（小标题，可为空）和 text'],
  [/\.text\[\]\.heading$/, '小标题（本区格式为“小标题”时），否则为空'],
  [/\.text\[\]\.text$/, '段落'],
  [/\.text\[\]\.place$/, '段落的位置（本区格式在“位置.之后”加段落时用）'],
  [/\.text\[\]\.headingPlace$/, '小标题的位置'],
  [/\.sameAsDistrict$/, '区级与全区的数字完全相同（报告写“区级……与全区一致”）'],
  [/\.isZero$/, '全为 0（报告写“无……”）'],
  [/\.incomeZero$/, '收入为 0'],
  [/\.expenditureZero$/, '支出为 0'],
  [/\.lines\[\]\.deduct$/, '这一行从合计中减去（本区格式写“减/扣除”），金额为正数'],
  [/\.includes$/, '计在其中的部分（“含……”），金额为 0 的不列'],
  [/\.lines$/, '构成项目，金额为 0 的不列'],
  [/\.(income|expenditure)\.current$/, '当年收入或支出；为 0 时为空'],
  [/\.current\.items$/, '收入项目（税收收入、增值税……），可多级'],
  [/\.items\[\]\.items$/, '下级收入项目'],
  [/\.label$/, '名称（数据中的文字）'],
  [/\.purpose$/, '用途（数据中的文字）'],
  [/\.reason$/, '原因（数据中的文字）'],
  [/(Reason)$/, '变动原因（数据中的文字）'],
  [/\[\]\.lead$/, '引领语（数据中的文字，数字来自数据表）'],
  [/\[\]\.text$/, '正文（数据中的文字，数字来自数据表）'],
  [/\.points$/, '分项，报告中写成“一是……二是……”'],
  [/\.problems$/, '存在问题（数据中的条目）'],
  [/\.highlights$/, '主要工作（数据中的条目）'],
  [/^plans$/, '下半年工作打算（数据中的条目）'],
  [/\.incomeFeatures$/, '收入特点（数据中的条目）'],
  [/\.expenditureFeatures$/, '支出特点（数据中的条目）'],
];

function meaning(p: string): string {
  return MEANING[p] ?? MEANING_BY_SHAPE.find(([re]) => re.test(p))?.[1] ?? '';
}

function typeText(n: PathNode, parent: PathNode | null, isElement: boolean): string {
  const k = [...n.kinds].filter((x) => x !== 'null' && x !== 'recursive');
  let s = k.map((x) => TYPE_WORDS[x]).join(' 或 ');
  if (n.kinds.has('null')) s += s ? '，可为空 null' : '空 null（示例中都没有）';
  // A key some views have and others not (an optional field of the data), where its parent is there.
  const missing = parent && !isElement ? [...parent.present].filter((d) => !n.seen.has(d)) : [];
  if (missing.length) s += `（数据填写时才有，如 ${[...n.seen].join('、')}；模板中用 {{#if}} 判断）`;
  return s;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Table rows of a node's children: path as displayed, and the concrete path the usage is written with. */
function rows(n: PathNode, display: string, concrete: string, out: string[]): void {
  for (const [k, c] of n.children) {
    const d = k === '[]' ? `${display}[]` : display ? `${display}.${k}` : k;
    const p = k === '[]' ? `${concrete}[]` : concrete ? `${concrete}.${k}` : k;
    const src = [...c.sources];
    const from = src.length > 1 ? src.map((s, i) => `${i ? '或 ' : ''}${s}`).join('；') : (src[0] ?? '');
    const what = [meaning(p), from && `数据来源：${from}`].filter(Boolean).join('。');
    out.push(`| \`${d}\` | ${cell(typeText(c, n, k === '[]'))} | ${cell(usage(p, c))} | ${cell(what)} |`);
    if (c.kinds.has('named') || c.kinds.has('format') || c.shared) continue;
    rows(c, d, p, out);
  }
}

/** The view's top-level parts, in the order of the report, each with what it holds. */
const SECTIONS: Record<string, string> = {
  meta: '基本信息：区名、年度、会议、报告人、附件等',
  style: '本区格式中模板要印的文字',
  headings: '各部分标题（本区格式中写了时取其写法，否则为默认写法），组合好的文字，印作 `# {{headings.accounts}}` 等',
  levelFirst: '区级第一次出现时的写法',
  general: '一般公共预算：全区 district、区级 level，收入 income、支出 expenditure；`text` 为按本区格式组合好的段落',
  fund: '政府性基金预算，结构同 general；数据中没有时为空',
  stateCapital: '国有资本经营预算，结构同 general；数据中没有时为空',
  social: '社会保险基金预算；数据中没有时为空',
  accountsNote: '决算说明',
  accountsAfter: '决算情况之后的段落',
  debt: '政府债务；数据中没有时为空',
  debtAfter: '政府债务之后的段落',
  tables: '附件：决算草案表（附件说明中有以“表”结尾的附件时），`items` 每项用 `{{table this}}` 输出',
  analysis: '财政运行特点（收支分析）；数据中没有时为空',
  firstHalf: '次年上半年预算执行情况；数据中没有时为空',
  plans: '下半年工作打算',
  named: '具名数字，见下文',
  places: '本区格式用数据写的段落（按位置），由 `{{#place}}`、`{{placeAfter}}` 助手印出；`probe` 为 adopt 的对照生成',
  format: '内部使用',
};

// ---------------------------------------------------------------------------------------------
// Named figures, by pattern

const BUDGET_KEYS: Record<string, string> = { generalBudget: BUDGET_NAMES.general.name, fundBudget: BUDGET_NAMES.fund.name, stateCapitalBudget: BUDGET_NAMES.stateCapital.name };
const LIST_WORDS: Record<string, string> = { lines: '〈构成项目名称〉', includes: '〈含项名称〉', items: '〈收入项目名称〉', uses: '〈债券用途〉' };

const FIGURE_KIND_WORDS: Record<FigureKind, string> = { amount: '金额', rate: '比率', growth: '增减', pp: '百分点增减', year: '年份', count: '个数' };

/** The first dataset path a source names (its own, or its computation's first input). */
function firstPath(src: Source): string | null {
  if ('path' in src) return src.path;
  for (const s of src.inputs) {
    const p = firstPath(s);
    if (p) return p;
  }
  return null;
}

interface Pattern {
  name: string;
  kind: FigureKind;
  sources: Set<string>;
  example: string;
  group: string;
  order: string;
}

/**
 * A name and its source made general: the budget (〈预算〉), the scope (〈范围〉) and the label of a
 * line, a part or a revenue item (〈构成项目名称〉…) replaced by placeholders, in the name and in the paths.
 */
function generalise(name: string, src: Source, input: unknown): { name: string; replace: (path: string) => string; group: string } {
  const p = firstPath(src) ?? '';
  const segs = parsePath(p.startsWith(PREVIOUS_PREFIX) ? p.slice(PREVIOUS_PREFIX.length) : p);
  let out = name;
  const swaps: [RegExp, string][] = [];
  let group = '其他';
  const [first, second, third] = segs;
  if (typeof first === 'string' && BUDGET_KEYS[first] && (second === 'district' || second === 'level')) {
    out = out.replace(SCOPE_WORDS[second]!, '〈范围〉').replace(BUDGET_KEYS[first]!, '〈预算〉');
    swaps.push([new RegExp(`^(${PREVIOUS_PREFIX})?${first}\\.${second}\\.`), `$1〈预算〉.〈范围〉.`]);
    group = '三本预算（一般公共预算、政府性基金预算、国有资本经营预算）';
  } else if (first === 'socialInsuranceBudget' && (second === 'district' || second === 'level')) {
    out = out.replace(SCOPE_WORDS[second]!, '〈范围〉');
    swaps.push([/^(previous:)?socialInsuranceBudget\.(district|level)\./, '$1socialInsuranceBudget.〈范围〉.']);
    group = '社会保险基金预算';
  } else if (first === 'firstHalf' && typeof second === 'string' && (third === 'district' || third === 'level')) {
    out = out.replace(SCOPE_WORDS[third]!, '〈范围〉').replace(HALF_WORDS[second]!, '〈预算〉');
    swaps.push([/^(previous:)?firstHalf\.\w+\.(district|level)\./, '$1firstHalf.〈预算〉.〈范围〉.']);
    group = '次年上半年执行情况（firstHalf）';
  } else if (first === 'classified') group = '决算草案表（classified）中的收入项目';
  else if (first === 'meta') group = '年份';
  else if (first === 'generalBudget' && second === 'fiscalRevenue') group = '财政总收入';
  else if (first === 'generalBudget') group = '预算稳定调节基金、预备费';
  else if (first === 'debt') group = '政府债务';
  else if (first === 'analysis') group = '财政运行特点（收支分析）';
  // A label of the data in the name: a line, a part counted in it, a revenue item (nested too).
  for (let i = segs.length - 1; i > 0; i--) {
    const k = segs[i - 1];
    if (typeof segs[i] === 'number' && typeof k === 'string' && LIST_WORDS[k]) {
      const at = segs.slice(0, i + 1) as PathSegment[];
      // A debt use is named by its label (新增债券) or its purpose (再融资债券).
      const label = valueAt(input, [...at, 'label']) ?? valueAt(input, [...at, 'purpose']);
      if (typeof label === 'string' && out.includes(label)) out = out.replace(label, LIST_WORDS[k]!);
    }
  }
  const replace = (path: string) => swaps.reduce((s, [re, to]) => s.replace(re, to), path);
  return { name: out, replace, group };
}

/** Sort key of a generalised path: the report's order of parts, not the alphabet. */
const RANK = ['meta', 'year', '〈预算〉', 'generalBudget', 'fundBudget', 'stateCapitalBudget', 'fiscalRevenue', 'socialInsuranceBudget', 'stabilizationFund', 'reserveFund', 'debt', 'firstHalf', '〈范围〉', 'income', 'expenditure', 'total', 'current', 'amount', 'completionRate', 'growth', 'comparableGrowth', 'adjustedBudget', 'surplus', 'lastYear', 'items', 'lines', 'includes', 'yearEndBalance', 'net', 'accumulated', 'used', 'added', 'balance', 'arranged', 'spent', 'limit', 'bonds', 'newBonds', 'refinancing', 'interest', 'principal', 'general', 'special'];
function orderKey(path: string): string {
  return parsePath(path.replace(/\[\]/g, '[0]'))
    .map((s) => (typeof s === 'number' ? '00' : String(RANK.indexOf(s) < 0 ? 99 : RANK.indexOf(s)).padStart(2, '0')))
    .join('.');
}

function namedPatterns(examples: Example[]): Pattern[] {
  const patterns = new Map<string, Pattern>();
  for (const ex of examples) {
    for (const [name, f] of ex.view.named.entries()) {
      const g = generalise(name, f.num.src, ex.input);
      const source = describeNum(f.num, g.replace);
      let pat = patterns.get(g.name);
      if (!pat) {
        const printed = ex.view.format.printer.print(f.kind, f.num, name) + (f.unit ?? '');
        const first = firstPath(f.num.src) ?? '';
        pat = { name: g.name, kind: f.kind, sources: new Set(), example: `${name} → ${printed}（${ex.district}）`, group: g.group, order: orderKey(general(g.replace(first).replace(PREVIOUS_PREFIX, ''))) };
        patterns.set(g.name, pat);
      }
      pat.sources.add(source);
    }
  }
  return [...patterns.values()];
}

// ---------------------------------------------------------------------------------------------
// Helpers, each run against the Laiwu view

function stripMarks(markup: string): string {
  return markup.replace(/[\uE000\uE003]\d+[\uE001\uE004]/g, '').replace(FIG_CHARS, '');
}

function helperRows(laiwu: FinalAccountsView): string[] {
  const known = Object.keys(figureHelpers(new FigureRegistry()));
  const missing = known.filter((h) => !HELPER_USAGE[h]);
  if (missing.length) throw new Error(`HELPER_USAGE (src/render/helpers.ts) has no entry for: ${missing.join(', ')}`);
  const stale = Object.keys(HELPER_USAGE).filter((h) => !known.includes(h));
  if (stale.length) throw new Error(`HELPER_USAGE names helpers that do not exist: ${stale.join(', ')}`);
  return known.map((h) => {
    const u = HELPER_USAGE[h]!;
    const set: TemplateSet = { templates: new Map([[`usage/${h}`, { source: u.usage, file: `HELPER_USAGE.${h}` }]]) };
    const out = stripMarks(renderTemplate(set, `usage/${h}`, laiwu).markup);
    const shown = h === 'table' ? '（`::: table` 标记，排成表格）' : `\`${out.replace(/\n/g, ' ').slice(0, 80)}${out.length > 80 ? '…' : ''}\``;
    return `| \`${h}\` | \`${cell(u.usage)}\` | ${cell(shown)} | ${cell(u.does)} |`;
  });
}

// ---------------------------------------------------------------------------------------------
// Templates

/** What each default final-accounts template prints. A template without an entry here stops the script. */
const TEMPLATES: Record<string, string> = {
  'main.hbs': '整份报告：首页、标题、称谓、开头，依次引用下列各部分，结尾和附件',
  'memo.hbs': '首页的呈报说明（提请审议）',
  'title-text.hbs': '报告标题的文字（首页和标题共用）',
  'accounts.hbs': '一、决算情况：各本预算的段落（blocks）、预算稳定调节基金、预备费、决算说明、政府债务',
  'blocks.hbs': '按本区格式组合好的段落及其小标题（参数 blocks，如 general.text）',
  'debt.hbs': '政府债务的段落',
  'repay.hbs': '还本支出的资金来源（括号内，为 0 的来源不写），参数 r',
  'analysis.hbs': '财政运行特点（收支分析）',
  'first-half.hbs': '次年上半年预算执行情况',
  'half.hbs': '上半年一本预算的一段（参数 b、name、short）',
  'half-scope.hbs': '上半年一本预算一个范围的收支（参数 sc、scope）',
  'item.hbs': '数据中的一个条目，连排在一段中（引领语、正文、一是……二是……）',
  'runin-item.hbs': '数据中的一个条目，引领语作为连排标题',
  'tables.hbs': '附件：决算草案表和数据中的自有表格',
};

function templateRows(): string[] {
  const dir = join(ROOT, 'templates', 'final-accounts');
  const files = readdirSync(dir).filter((f) => f.endsWith('.hbs')).sort();
  const missing = files.filter((f) => !TEMPLATES[f]);
  if (missing.length) throw new Error(`TEMPLATES (scripts/write-view-reference.ts) does not say what these print: ${missing.join(', ')}`);
  return files.map((f) => `| \`final-accounts/${f}\` | \`{{> final-accounts/${f.replace(/\.hbs$/, '')}}}\` | ${cell(TEMPLATES[f]!)} |`);
}

// ---------------------------------------------------------------------------------------------

export function viewReferenceText(): string {
  const examples = [...EXAMPLES.map((f) => compose(f)), ...VARIANTS.map((v) => compose('laiwu-2024.json', v))];
  const laiwu = examples[0]!.view;
  const root = node();
  sharedRoots.clear();
  for (const ex of examples) walk(ex.view, root, ex, [], { labels: [], map: same, name: (n) => n });
  for (const k of root.children.keys()) if (!SECTIONS[k]) throw new Error(`view part "${k}" has no description in SECTIONS (scripts/write-view-reference.ts)`);
  for (const k of Object.keys(SECTIONS)) if (!root.children.has(k)) throw new Error(`SECTIONS describes "${k}", which the view has not`);

  const L: string[] = [];
  L.push('<!-- 本文件由 `npm run view-reference`（scripts/write-view-reference.ts）生成，请勿手工修改；测试检查它是否最新。 -->');
  L.push('');
  L.push('# 决算报告的视图模型（供修改模板的信息技术人员）');
  L.push('');
  L.push('决算报告的模板（`templates/final-accounts/*.hbs`，Handlebars）拿到的数据叫“视图模型”：程序校验数据、按本区格式组合段落之后交给模板的全部内容。');
  L.push('本文列出模板能用的每一个路径、它的类型、在模板中怎样输出，以及每个数字来自数据文件的哪个字段或由哪些字段算出；');
  L.push('还有全部助手和全部具名数字（`{{fig "名称"}}`）。');
  L.push('');
  L.push(`本文由示例数据 ${EXAMPLES.map((f, i) => `\`data/${f}\`（${examples[i]!.district}）`).join('、')}，以及由莱芜区示例改出的 ${VARIANTS.map((v) => v.label).join('、')} 组合而成：`);
  L.push('这几个区的格式和所含部分各不相同，可为空的部分都出现过。类型一栏注明“可为空 null”的，在某些数据中不存在（数据中没有这一部分），模板中须先用 `{{#if …}}` 判断；');
  L.push('注明“数据填写时才有”的，只在数据填写了该项时存在。');
  L.push('');
  L.push('## 规则');
  L.push('');
  L.push('- **数字只能经助手输出。** 数字（类型“数字 Num”）带着它的来源，不能直接写 `{{x}}`（会报错），要用 `wan`、`yi`、`pct`、`chg`、`pp`、`int`、`count` 或 `fig` 输出，输出的数字在文档中带来源（`build --audit` 的数字来源表）。');
  L.push('- **模板中不得直接写数字。** 生成时检查文中每一个阿拉伯数字：既不是助手输出的数字、也不是数据中的文字（原样印出的、含数字的文字记为该字段）或标题序号的，是模板中直接写的数字，');
  L.push('  `build`（命令行、批量、网页）报错 `template-unsourced-number`，指出数字、所在段落和模板文件、行号，不生成文件。要写数字，用 `{{fig "名称"}}` 或 wan/pct 等助手输出数据中的数字。');
  L.push('- **组合好的段落**（类型“组合好的段落 ComposedText”）直接写 `{{x}}`：其中的数字已按本区格式印好并带来源，随数据而变的措辞已标出（`refresh` 据此改写）。');
  L.push('- **文字**（数据中的文字）直接写 `{{x}}`，程序已处理其中的标记符号。');
  L.push('- **严格模式**：引用不存在的字段、助手参数为空或直接写数字，都报错并指出模板文件和行号。可为空的部分先用 `{{#if …}}` 判断；判断数字是否为 0 用 `(zero x)`，不要用 `{{#if 数字}}`（数字总是“真”）。');
  L.push('- 在 `{{#each}}`、`{{#with}}` 中用 `@root.` 取顶层的内容（如 `{{int @root.meta.year}}`），`@index`、`@first`、`@last` 为 Handlebars 自带。');
  L.push('- 覆盖模板：把要改的文件复制到自己的目录（保持相对路径，如 `我的模板/final-accounts/debt.hbs`），用 `build --templates 我的模板` 生成；没有复制的仍用默认模板。');
  L.push('');
  L.push('## 模板文件');
  L.push('');
  L.push('| 文件 | 作为子模板引用 | 说明 |');
  L.push('|---|---|---|');
  L.push(...templateRows());
  L.push('');
  L.push('## 助手');
  L.push('');
  L.push('“输出”一栏为该用法在莱芜区示例上的实际结果（数字的来源标记未显示）。此外可用 Handlebars 自带的 `if`、`unless`、`each`、`with`、`lookup` 和子模板 `{{> 名称 参数=值}}`。');
  L.push('');
  L.push('| 助手 | 用法 | 输出 | 说明 |');
  L.push('|---|---|---|---|');
  L.push(...helperRows(laiwu));
  L.push('');
  L.push('## 视图模型的全部路径');
  L.push('');
  L.push('路径中的 `[]` 表示列表中的每一项（在 `{{#each}}` 中用 `this` 或该项的字段名）。数据来源中的 `各项` 同理；“计算”为程序由所列字段算出的数（名称即来源表中的计算名称）。');
  L.push('“代替”某字段的数，是数据未填该字段时算出的，填了则取所填的数。');
  L.push('`{{fig "…"}}` 中的 `〈范围〉`、`〈预算〉`、`〈名称〉` 依次换成 全区/区级、预算的名称和该项的名称（见“具名数字”），如 `{{fig "全区一般公共预算上级补助收入"}}`。');
  L.push('');
  const table = (n: PathNode, display: string, concrete: string) => {
    const out: string[] = [];
    rows(n, display, concrete, out);
    if (!out.length) return;
    L.push('| 路径 | 类型 | 模板中怎样用 | 说明与数据来源 |');
    L.push('|---|---|---|---|');
    L.push(...out);
    L.push('');
  };
  for (const [k, c] of root.children) {
    L.push(`### \`${k}\``);
    L.push('');
    L.push(`${SECTIONS[k]}。类型：${typeText(c, null, false)}。`);
    L.push('');
    if (c.children.size) table(c, k, k);
    else {
      const usageText = usage(k, c);
      if (usageText) {
        L.push(`用法：${usageText}。`);
        L.push('');
      }
    }
  }
  for (const [key, sh] of Object.entries(SHARED)) {
    const n = sharedRoots.get(key);
    if (!n) throw new Error(`no example has ${sh.display}`);
    L.push(`### ${sh.title}`);
    L.push('');
    L.push(sh.intro);
    L.push('');
    table(n, sh.display, sh.example);
  }
  L.push('## 具名数字');
  L.push('');
  L.push('每个数字都有一个中文名称，模板中用 `{{fig "名称"}}` 输出（按本区格式：单位、小数位、末尾的 0、千分位、增长/下降），');
  L.push('数据中写的段落（本区格式的 `paragraphs`、`headings`、`opening`）用 `{{名称}}` 引用。名称写错时报错，并给出相近的名称。');
  L.push('');
  L.push('名称的构成：**范围 + 预算 + 收入/支出 + 后缀**，如 `全区` + `一般公共预算` + `收入` + `增长` = `全区一般公共预算收入增长`。');
  L.push('');
  L.push('- **范围**（下表中的 `〈范围〉`）：`全区`（数据中的 `district`）、`区级`（`level`）。名称中的范围总是写“全区”“区级”，与本区格式把它们印成“区”“区本级”无关。');
  L.push(`- **预算**（\`〈预算〉\`）：\`${BUDGET_NAMES.general.name}\`（\`generalBudget\`）、\`${BUDGET_NAMES.fund.name}\`（\`fundBudget\`）、\`${BUDGET_NAMES.stateCapital.name}\`（\`stateCapitalBudget\`）；`);
  L.push(`  上半年的名称中另有 \`${HALF_WORDS.socialInsurance}\`（\`firstHalf.socialInsurance\`），路径中的 \`〈预算〉\` 为 \`general\`、\`fund\`、\`stateCapital\`、\`socialInsurance\`。社会保险基金预算的名称为“〈范围〉社会保险基金收入”等。`);
  L.push('- **收入/支出**：当年数（`current`）写 `收入`、`支出`；合计写 `总收入`、`总支出`。');
  L.push('- **后缀**：无后缀为金额；`完成率`、`增长`、`可比增长`、`调整预算数`、`超收`、`上年数`。');
  L.push('- **数据中的名称**：构成项目（`lines`）、计在其中的部分（`includes`）为 范围 + 预算 + 该项的名称（`〈构成项目名称〉`、`〈含项名称〉`）；');
  L.push('  收入项目（`current.items`，可多级）为 范围 + 项目名称（`〈收入项目名称〉`），另有其 `完成率`、`增长`。');
  L.push('- 数据中没有的项目没有名称（如没有区级、没有填可比增长）；两行名称相同时，这个名称对应不止一个数字，引用时报错，请把名称改得各不相同。');
  L.push('- 数据中写的段落还可以引用数据表（`figures`）中的名称（与具名数字同名时取数据表的）；`{{fig}}` 只输出具名数字。');
  L.push('');
  L.push('下表由示例的全部具名数字归纳而成，“例”为示例中的一个名称及其按该区格式印出的样子。');
  L.push('');
  const patterns = namedPatterns(examples);
  const groups = [...new Set(patterns.map((p) => p.group))];
  const GROUP_ORDER = ['年份', '三本预算（一般公共预算、政府性基金预算、国有资本经营预算）', '财政总收入', '社会保险基金预算', '预算稳定调节基金、预备费', '政府债务', '次年上半年执行情况（firstHalf）', '决算草案表（classified）中的收入项目', '其他'];
  groups.sort((a, b) => GROUP_ORDER.indexOf(a) - GROUP_ORDER.indexOf(b));
  for (const g of groups) {
    L.push(`### ${g}`);
    L.push('');
    L.push('| 名称 | 类型 | 数据来源 | 例 |');
    L.push('|---|---|---|---|');
    for (const p of patterns.filter((x) => x.group === g).sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.name.length - b.name.length))) {
      const src = [...p.sources];
      L.push(`| \`${p.name}\` | ${FIGURE_KIND_WORDS[p.kind]} | ${cell(src.map((s, i) => `${i ? '或 ' : ''}${s}`).join('；'))} | ${cell(p.example)} |`);
    }
    L.push('');
  }
  return L.join('\n');
}

if (require.main === module) {
  mkdirSync(dirname(VIEW_REFERENCE_FILE), { recursive: true });
  writeFileSync(VIEW_REFERENCE_FILE, viewReferenceText());
  console.log(`已写入 ${VIEW_REFERENCE_FILE}`);
}
