import type { HouseStyle } from '../style/house-style';
import type { StyleParagraphInput } from '../style/schema';
import type { ResolvedFigure } from '../validate/figures';
import { parseProse } from '../validate/figures';
import type { FinalAccountsInput } from '../validate/schema/final-accounts';
import type { PathSegment } from '../load/path';
import { pathToString } from '../load/path';
import { UNPLACED, parseTextRef, type RefFormat } from '../style/refs';
import { DIGIT } from '../audit/text-sources';
import { LEVEL_NOTE_REF, MEETING_DATE_PATH, MEETING_DATE_REF, chineseDate, textRef } from './text-refs';
import type { BudgetView, CurrentView, LineView, PartView, RevenueItemView, ScopeView, SideView } from './final-accounts';
import type { NamedFigures } from './named-figures';
import { Num } from './num';
import { formatFigure, printFigure } from './prose';
import { StylePrinter, type FigureKind } from './style-print';
import type { HEADING_KEYS } from '../style/schema';
import { TextBuilder, type ComposedText } from './text';

/** {{区名}} in a text written in data: the district's name (not a figure). */
export const DISTRICT_REF = '区名';

/** How the report names a budget: 一般公共预算总收入, 当年政府性基金预算收入, 区级政府性基金收支情况…一致. */
export interface BudgetNames {
  /** Before 总收入 and in 无…收入: 一般公共预算 / 政府性基金 / 国有资本经营预算. */
  total: string;
  /** Before the year's own 收入: 一般公共预算 / 政府性基金预算 / 国有资本经营预算. */
  current: string;
  /** In 区级…收支情况与全区收支情况一致. */
  short: string;
  /** The budget's full name: the key of its paragraphs and headings in the style. */
  name: string;
}

export const BUDGET_NAMES = {
  general: { total: '一般公共预算', current: '一般公共预算', short: '一般公共预算', name: '一般公共预算' },
  fund: { total: '政府性基金', current: '政府性基金预算', short: '政府性基金', name: '政府性基金预算' },
  stateCapital: { total: '国有资本经营预算', current: '国有资本经营预算', short: '国有资本经营预算', name: '国有资本经营预算' },
} as const satisfies Record<string, BudgetNames>;

/** A paragraph of a budget's part, with the sub-heading it follows (小标题 layout), and their places (style/places.ts). */
export interface TextBlock {
  heading: ComposedText | null;
  text: ComposedText;
  place: string;
  headingPlace: string | null;
}

/** A paragraph written in data, composed: a heading of that level, or a paragraph (level null). */
export interface DataParagraph {
  level: number | null;
  text: ComposedText;
}

export interface SocialScopeView {
  income: { amount: Num; rate: Num | null; growth: Num | null };
  expenditure: { amount: Num; rate: Num | null; growth: Num | null };
  net: Num;
  accumulated: Num;
}

type Side = '收入' | '支出';

/**
 * Writes the budget paragraphs of section 一 in a district's house style: sentence frame, words,
 * clause order, list punctuation, scope names and layout, number formats. Stateful across one
 * report for what a report says only once: the 区级 scope note at its first mention, and
 * 比2023年（下同） at the first growth.
 */
export class BudgetWriter {
  readonly print: StylePrinter;
  private levelMentioned = false;
  private growthMentioned = false;

  constructor(
    readonly style: HouseStyle,
    private readonly year: Num,
    private readonly previousYear: Num,
    private readonly levelNote: string | null,
    private readonly named: NamedFigures,
    private readonly figures: Map<string, ResolvedFigure>,
    /** The dataset: 莱芜区 (年末，莱芜区社会保险基金…) and the words {{会议}}, {{区政府}} … name. */
    private readonly input: FinalAccountsInput,
  ) {
    this.print = new StylePrinter(style);
  }

  private get district(): string {
    return this.input.meta.district;
  }

  get districtName(): string {
    return this.style.scopes.district;
  }
  get levelName(): string {
    return this.style.scopes.level;
  }

  /** The 区级 name, with the scope note the first time the report prints it: 区级（含各功能区本级，下同）. */
  levelFirst(): string {
    if (this.levelMentioned || !this.levelNote) {
      this.levelMentioned = true;
      return this.levelName;
    }
    this.levelMentioned = true;
    return `${this.levelName}（${this.levelNote}）`;
  }

  // ---- figures and clauses ----

  /** Printed by the style, or by the format the style gives this figure's name (style.formats). */
  amount(b: TextBuilder, n: Num): void {
    b.fig(this.print.amount(n, this.named.nameOf(n)), n);
  }

  private growthFig(b: TextBuilder, n: Num): void {
    b.fig(this.print.growth(n, this.named.nameOf(n)), n);
  }

  /** 全区财政总收入F，同比增长G%。 */
  fiscalRevenue(b: TextBuilder, f: { amount: Num; growth: Num | null }): void {
    if (this.style.yearLead) b.fig(String(this.year.value.toFixed()), this.year).text('年，');
    b.text(`${this.districtName}财政总收入`);
    this.amount(b, f.amount);
    this.growthClause(b, f.growth, null);
    b.text('。');
  }

  /** ，同比增长0.21% / ，比2023年（下同）增长8.0% / ，自然口径增长1%，同口径增长2%. */
  private growthClause(b: TextBuilder, growth: Num | null, comparable: Num | null): void {
    const mode = comparable ? this.style.comparable : '不写';
    if (mode === '只写可比增长' || (mode === '同口径增长' && !growth)) {
      b.text(`，${mode === '只写可比增长' ? '可比' : '同口径'}`);
      this.growthFig(b, comparable!);
      return;
    }
    if (mode === '同口径增长') {
      b.text('，自然口径');
      this.growthFig(b, growth!);
      b.text('，同口径');
      this.growthFig(b, comparable!);
      return;
    }
    if (growth) {
      b.text('，');
      const w = this.style.growthWord;
      if (w === '同比增长') b.text('同比');
      else if (w === '比上年增长') b.text('比上年');
      else if (w === '比上年年份增长（下同）' && !this.growthMentioned) {
        b.text('比').fig(String(this.previousYear.value.toFixed()), this.previousYear).text('年（下同）');
      }
      this.growthMentioned = true;
      this.growthFig(b, growth);
    }
    if (mode === '可比增长' && comparable) {
      b.text('，可比');
      this.growthFig(b, comparable);
    }
  }

  /** ，完成调整预算的100.08%[，超收380万元]; against an unadjusted budget (社保, 收入项目) 调整预算 reads 预算. */
  private rateClause(b: TextBuilder, c: { rate: Num | null; budget?: Num | null; surplus?: Num | null }, word: Side, against: 'adjusted' | 'budget'): void {
    if (!c.rate) return;
    const w = this.style.rateWord;
    b.text('，');
    if (w === '完成年度计划') {
      if (against === 'budget') b.text('完成预算的');
      else {
        b.text(`完成年度${word}计划`);
        if (c.budget) this.amount(b, c.budget);
        b.text('的');
      }
    } else b.text(against === 'budget' ? w.replace('调整预算', '预算') : w);
    b.fig(this.print.rate(c.rate, this.named.nameOf(c.rate)), c.rate);
    // 超收 is said of income only: spending short of its budget is not a shortfall of revenue.
    if (this.style.surplus && word === '收入' && c.surplus && !c.surplus.isZero()) {
      b.text(c.surplus.value.isNegative() ? '，短收' : '，超收');
      // By the format of its name (…超收, or …短收 when it fell short).
      b.fig(this.print.amount(absNum(c.surplus), this.named.nameOf(c.surplus)), c.surplus);
    }
  }

  /** The rate and growth clauses in the style's order. */
  private clauses(b: TextBuilder, c: { rate: Num | null; growth: Num | null; comparable?: Num | null; budget?: Num | null; surplus?: Num | null }, word: Side, against: 'adjusted' | 'budget'): void {
    if (this.style.order === '增长在前') {
      this.growthClause(b, c.growth, c.comparable ?? null);
      this.rateClause(b, c, word, against);
    } else {
      this.rateClause(b, c, word, against);
      this.growthClause(b, c.growth, c.comparable ?? null);
    }
  }

  /** Items joined by the style's separator, the last by its joiner (、…以及). */
  private list<T>(b: TextBuilder, items: readonly T[], each: (b: TextBuilder, item: T) => void, first = ''): void {
    items.forEach((item, i) => {
      if (i === 0) b.text(first);
      else if (i === items.length - 1 && this.style.lastJoiner !== '无') b.text(this.style.lastJoiner);
      else b.text(this.style.separator);
      each(b, item);
    });
  }

  /** （含上年结转资金y、…）. */
  private includes(b: TextBuilder, parts: readonly PartView[]): void {
    if (!parts.length) return;
    b.text('（含');
    parts.forEach((p, i) => {
      if (i) b.text('、');
      b.text(p.label);
      this.amount(b, p.amount);
    });
    b.text('）');
  }

  private line(b: TextBuilder, l: LineView): void {
    if (l.deduct) b.text(this.style.deductWord);
    b.text(l.label);
    this.amount(b, l.amount);
    this.includes(b, l.includes);
  }

  private item(b: TextBuilder, it: RevenueItemView, word: Side, nested: boolean): void {
    b.text(it.label);
    this.amount(b, it.amount);
    this.clauses(b, { rate: it.rate, growth: it.growth }, word, 'budget');
    if (nested && it.items.length) {
      b.text('（其中：');
      this.list(b, it.items, (bb, x) => this.item(bb, x, word, false));
      b.text('）');
    }
  }

  /** Revenue items in the paragraph (段内). */
  private inlineItems(b: TextBuilder, c: CurrentView, word: Side): void {
    if (this.style.revenueItems !== '段内' || !c.items.length) return;
    const paren = this.style.frame === '其中';
    b.text(paren ? '（其中：' : '，其中：');
    c.items.forEach((it, i) => {
      if (i) b.text('；');
      this.item(b, it, word, true);
    });
    if (paren) b.text('）');
  }

  /** One paragraph per revenue item (逐行), its own items after it; `place` names the list (一般公共预算.全区.收入项目). */
  itemBlocks(sc: ScopeView, place: string, scopeName = ''): TextBlock[] {
    if (this.style.revenueItems !== '逐行') return [];
    const out: TextBlock[] = [];
    const walk = (list: RevenueItemView[], word: Side) => {
      for (const it of list) {
        // The district's items follow its paragraph unnamed; the level's say whose they are.
        const b = new TextBuilder().text(scopeName);
        this.item(b, it, word, false);
        b.text('。');
        out.push({ heading: null, text: b.done(), place: `${place}.${out.length + 1}`, headingPlace: null });
        walk(it.items, word);
      }
    };
    if (sc.income.current) walk(sc.income.current.items, '收入');
    if (sc.expenditure.current) walk(sc.expenditure.current.items, '支出');
    return out;
  }

  // ---- sides and scopes ----

  /** One side in the 其中 frame: 全区一般公共预算总收入T，其中：当年一般公共预算收入X，完成…；A a；B b。 */
  private sideWithin(b: TextBuilder, s: SideView, label: string, names: BudgetNames, word: Side): void {
    b.text(`${label}${names.total}总${word}`);
    this.amount(b, s.total);
    this.includes(b, s.includes);
    const c = s.current;
    if (c) {
      b.text(`，其中：当年${names.current}${word}`);
      this.amount(b, c.amount);
      this.clauses(b, c, word, 'adjusted');
      this.inlineItems(b, c, word);
      s.lines.forEach((l, i) => {
        b.text(i === s.lines.length - 1 && this.style.lastJoiner !== '无' ? this.style.lastJoiner : this.style.separator);
        this.line(b, l);
      });
    } else this.list(b, s.lines, (bb, l) => this.line(bb, l), '，其中：');
    b.text('。');
  }

  /** One side in the 加上 / 合计 frame: 全区一般公共预算收入X，为…。加上A a、B b，以及C c，收入总量为T。 */
  private sidePlus(b: TextBuilder, s: SideView, label: string, names: BudgetNames, word: Side): void {
    const added = s.lines.filter((l) => !l.deduct);
    const deducted = s.lines.filter((l) => l.deduct);
    const totalWord = this.style.totalWord(names.name, word);
    const c = s.current;
    const tail = () => {
      if (!added.length && !deducted.length) return;
      if (added.length) this.list(b, added, (bb, l) => this.line(bb, l), c ? '加上' : '');
      if (deducted.length) {
        if (added.length) b.text('，');
        b.text(this.style.deductWord);
        this.list(b, deducted, (bb, l) => {
          bb.text(l.label);
          this.amount(bb, l.amount);
          this.includes(bb, l.includes);
        });
      }
      b.text(`，${totalWord}`);
      this.amount(b, s.total);
      this.includes(b, s.includes);
      b.text('。');
    };
    if (c) {
      b.text(`${label}${names.current}${word}`);
      this.amount(b, c.amount);
      this.clauses(b, c, word, 'adjusted');
      this.inlineItems(b, c, word);
      b.text('。');
      tail();
    } else {
      b.text(`${label}${names.current}`);
      if (!added.length && !deducted.length) {
        b.text(`${word}`);
        this.amount(b, s.total);
        this.includes(b, s.includes);
        b.text('。');
      } else tail();
    }
  }

  private side(b: TextBuilder, s: SideView, label: string, names: BudgetNames, word: Side): void {
    b.slot(`决算/${names.total}/${label}/${word}`, (bb) => {
      if (s.isZero) bb.text(`${label}无${names.total}${word}。`);
      else if (this.style.frame === '其中') this.sideWithin(bb, s, label, names, word);
      else this.sidePlus(bb, s, label, names, word);
    });
  }

  /** Both sides of a budget at one scope, then the year-end balance and the balance sentence. */
  scopeText(b: TextBuilder, sc: ScopeView, label: string, again: string, names: BudgetNames, yearLead = this.style.yearLead): void {
    if (yearLead) b.fig(String(this.year.value.toFixed()), this.year).text('年，');
    if (sc.income.isZero && sc.expenditure.isZero) {
      b.slot(`决算/${names.total}/${label}/收支`, (bb) => bb.text(`${label}无${names.total}收支。`));
      return;
    }
    this.side(b, sc.income, label, names, '收入');
    this.side(b, sc.expenditure, again, names, '支出');
    const balance = this.style.balance;
    const yeb = sc.yearEndBalance;
    // A year-end balance of exactly 0 is no balance to report: the sides balance. One that prints as
    // 0.00亿元 is still a balance (printed in 万元, amount above).
    if (yeb && !yeb.isZero()) {
      b.slot(`决算/${names.total}/${label}/年终结余`, (bb) => {
        bb.text(balance === '收支相抵' ? '收支相抵，年终结余' : '年终结余');
        this.amount(bb, yeb);
        bb.text('。');
      });
    } else if (balance === '收支决算平衡') b.text(`${again}${names.current}收支决算平衡。`);
    else if (balance === '收支相抵') b.text(`收支相抵，${again}${names.current}收支平衡。`);
  }

  /** 区级一般公共预算收支情况与全区收支情况一致。 */
  private sameSentence(b: TextBuilder, short: string): void {
    b.text(`${this.levelFirst()}${short}收支情况与${this.districtName}收支情况一致。`);
  }

  /**
   * A scope's paragraph as the style writes it, or as the district wrote it in data (style.paragraphs):
   * null where the style leaves it out ([]).
   */
  private scopeParagraph(key: string, write: (b: TextBuilder) => void): ComposedText | null {
    const own = this.style.paragraphs.get(key);
    if (own) return this.dataParagraphs(own, key)[0]?.text ?? null;
    const b = new TextBuilder();
    write(b);
    return b.done();
  }

  /** A scope's sub-heading (小标题 layout): the style's own words for it (headings), or the composer's. */
  private heading(key: (typeof HEADING_KEYS)[number], text: string): ComposedText {
    const own = this.style.headings[key];
    return own ? this.dataText(own, ['headings', key]) : new TextBuilder().text(text).done();
  }

  /** The blocks of both scopes, by the style's layout: 同段 joins the level's paragraph to the district's. */
  private scopeBlocks(key: string, district: ComposedText | null, districtHeading: string | null, level: { text: ComposedText | null; heading: string } | null, items: { district: TextBlock[]; level: TextBlock[] }): TextBlock[] {
    const layout = this.style.scopes.layout;
    const blocks: TextBlock[] = [];
    const head = (scope: '全区' | '区级', text: string) => this.heading(`${key}.${scope}` as (typeof HEADING_KEYS)[number], text);
    const districtBlock: TextBlock | null = district
      ? { heading: districtHeading !== null ? head('全区', districtHeading) : null, text: district, place: `${key}.全区`, headingPlace: districtHeading !== null ? `标题.${key}.全区` : null }
      : null;
    if (districtBlock) blocks.push(districtBlock);
    blocks.push(...items.district);
    if (level?.text) {
      if (layout === '同段' && districtBlock) districtBlock.text = { kind: 'composed', parts: [...districtBlock.text.parts, ...level.text.parts] };
      else {
        const sub = layout === '小标题';
        blocks.push({ heading: sub ? head('区级', level.heading) : null, text: level.text, place: `${key}.区级`, headingPlace: sub ? `标题.${key}.区级` : null });
      }
    }
    blocks.push(...items.level);
    blocks.push(...this.extra(`${key}.之后`));
    return blocks;
  }

  /** A budget's paragraphs (and sub-headings) at both scopes, by the style's layout. */
  budget(bv: BudgetView, names: BudgetNames, lead?: (b: TextBuilder) => void): TextBlock[] {
    const d = this.districtName;
    const bothZero = bv.level && bv.district.isZero && bv.level.isZero;
    const district = this.scopeParagraph(`${names.name}.全区`, (b) => {
      lead?.(b);
      if (bothZero) {
        if (this.style.yearLead) b.fig(String(this.year.value.toFixed()), this.year).text('年，');
        b.slot(`决算/${names.total}/${d}/收支`, (bb) => bb.text(`${d}和${this.levelFirst()}均无${names.total}收支。`));
      } else this.scopeText(b, bv.district, d, d, names, this.style.yearLead && !lead);
    });
    const sub = this.style.scopes.layout === '小标题';
    // Composed in the order they print, so that what is said at its first mention (比2023年（下同）,
    // the 区级 note) goes to the first printed: the district's 逐行 items print after the 区级
    // paragraph only where both scopes share one paragraph (同段).
    const itemsFirst = this.style.scopes.layout !== '同段';
    const districtItems = itemsFirst ? this.itemBlocks(bv.district, `${names.name}.全区.收入项目`) : [];
    const level =
      bv.level && !bothZero
        ? this.scopeParagraph(`${names.name}.区级`, (b) =>
            b.slot(`区级/${names.short}`, (bb) => {
              if (bv.sameAsDistrict) this.sameSentence(bb, names.short);
              else {
                const first = this.levelFirst();
                this.scopeText(bb, bv.level!, first, this.levelName, names);
              }
            }),
          )
        : null;
    return this.scopeBlocks(names.name, district, sub && !bothZero ? `${d}${names.current}收支决算情况` : null, bv.level && !bothZero ? { text: level, heading: `${this.levelName}${names.current}收支决算情况` } : null, {
      district: itemsFirst ? districtItems : this.itemBlocks(bv.district, `${names.name}.全区.收入项目`),
      level: bv.level && !bothZero && !bv.sameAsDistrict ? this.itemBlocks(bv.level, `${names.name}.区级.收入项目`, this.levelName) : [],
    });
  }

  /** 社会保险基金: income and spending against the (unadjusted) budget, then 净结余 and 滚存结余. */
  social(s: { district: SocialScopeView; level: SocialScopeView | null; sameAsDistrict: boolean }): TextBlock[] {
    const scopeText = (b: TextBuilder, sc: SocialScopeView, label: string, again: string, place: string) => {
      if (this.style.yearLead) b.fig(String(this.year.value.toFixed()), this.year).text('年，');
      if (sc.income.amount.isZero() && sc.expenditure.amount.isZero() && sc.accumulated.isZero()) {
        b.slot(`决算/社会保险基金/${label}/收支`, (bb) => bb.text(`${label}无社会保险基金收支。`));
        return;
      }
      const flowText = (f: SocialScopeView['income'], lab: string, word: Side) => {
        if (f.amount.isZero()) {
          b.text(`${lab}无社会保险基金${word}。`);
          return;
        }
        b.text(`${lab}社会保险基金${word}`);
        this.amount(b, f.amount);
        this.clauses(b, { rate: f.rate, growth: f.growth }, word, 'budget');
        b.text('。');
      };
      flowText(sc.income, label, '收入');
      flowText(sc.expenditure, again, '支出');
      b.text(`年末，${place}社会保险基金收支净结余`);
      this.amount(b, sc.net);
      b.text('，滚存结余');
      this.amount(b, sc.accumulated);
      b.text('。');
    };
    const d = this.districtName;
    const key = '社会保险基金预算';
    const district = this.scopeParagraph(`${key}.全区`, (b) => scopeText(b, s.district, d, d, this.district));
    const level = s.level
      ? this.scopeParagraph(`${key}.区级`, (b) =>
          b.slot('区级/社会保险基金', (bb) => {
            if (s.sameAsDistrict) this.sameSentence(bb, '社会保险基金');
            else {
              const first = this.levelFirst();
              scopeText(bb, s.level!, first, this.levelName, this.levelName);
            }
          }),
        )
      : null;
    const sub = this.style.scopes.layout === '小标题';
    return this.scopeBlocks(key, district, sub ? `${d}社会保险基金预算收支决算情况` : null, s.level ? { text: level, heading: `${this.levelName}社会保险基金预算收支决算情况` } : null, { district: [], level: [] });
  }

  /** Extra paragraphs the district wrote in data for a place (一般公共预算.之后 …). */
  extra(key: string): TextBlock[] {
    const own = this.style.paragraphs.get(key);
    return own ? this.dataParagraphs(own, key).map((p) => ({ heading: null, text: p.text, place: key, headingPlace: null })) : [];
  }

  /**
   * Text written in data (style path `at`): {{名称}} figures printed by the style (or the figures
   * table's own settings), {{名称|印法}} printed that way, the data's words ({{会议}}, {{区名}} …),
   * {{?…}} numbers left as typed. Typed digits are traced to the style's text.
   */
  dataText(text: string, at: PathSegment[] = []): ComposedText {
    const b = new TextBuilder();
    const here = this.style.textPath(at);
    for (const seg of parseProse(text)) {
      if ('text' in seg) {
        if (DIGIT.test(seg.text) && at.length) b.sourced(seg.text, { path: here });
        else b.text(seg.text);
        continue;
      }
      const ref = parseTextRef(seg.figure);
      // Validation refuses unreadable references and unknown names with their place; reaching here is a defect.
      if ('error' in ref) throw new Error(`格式中的引用“${seg.figure}”：${ref.error}`);
      if (ref.kind === 'unplaced') {
        b.sourced(ref.text, { derivation: UNPLACED, inputs: [{ path: here }] });
        continue;
      }
      this.reference(b, ref.name, ref.format);
    }
    return b.done();
  }

  /** One {{名称}} of text written in data. */
  private reference(b: TextBuilder, name: string, format: RefFormat | null): void {
    if (name === DISTRICT_REF) {
      b.text(this.district);
      return;
    }
    if (name === MEETING_DATE_REF) {
      b.sourced(chineseDate(this.input.meta.meeting.date) ?? this.input.meta.meeting.date, { path: pathToString(MEETING_DATE_PATH) });
      return;
    }
    const words = textRef(this.input, name);
    // A paragraph written in data that gives the 区级 note has said it: the composer does not again.
    if (words && name === LEVEL_NOTE_REF) this.levelMentioned = true;
    if (words) {
      if (DIGIT.test(words.text)) b.sourced(words.text, { path: pathToString(words.path) });
      else b.text(words.text);
      return;
    }
    const own = this.figures.get(name);
    if (own) {
      // A 个百分点 figure without word 增减 prints no 提高/下降 of its own, with a 印法 as without.
      const print = (n: Num) => (own.unit === '个百分点' && !own.word ? this.print.plainPoints(n, undefined, format) : this.print.print(tableFigureKind(own), n, undefined, format));
      b.fig(format ? printFigure(own, print) + countUnit(own) : formatFigure(own), own.num);
      return;
    }
    const f = this.named.get(name);
    if (!f) throw new Error(`没有名为“${name}”的数字`);
    const printed = this.print.print(f.kind, f.num, name, format);
    b.fig(f.kind === 'count' && f.unit ? `${printed}${f.unit}` : printed, f.num);
  }

  /** Paragraphs written in data: zeroText where every amount the text names is 0. */
  dataParagraphs(list: readonly StyleParagraphInput[], key: string): DataParagraph[] {
    return list.map((p, i) => {
      const at = this.style.paragraphPath(key, i);
      if (typeof p === 'string') return { level: null, text: this.dataText(p, at) };
      const level = p.heading ?? null;
      if (p.zeroText && this.allAmountsZero(p.text)) return { level, text: this.dataText(p.zeroText, [...at, 'zeroText']) };
      return { level, text: this.dataText(p.text, [...at, 'text']) };
    });
  }

  private allAmountsZero(text: string): boolean {
    const amounts = parseProse(text).flatMap((seg) => {
      if (!('figure' in seg)) return [];
      const ref = parseTextRef(seg.figure);
      if (!('kind' in ref) || ref.kind !== 'figure') return [];
      const own = this.figures.get(ref.name);
      if (own) return own.unit === '万元' || own.unit === '亿元' ? [own.num] : [];
      const f = this.named.get(ref.name);
      return f && f.kind === 'amount' ? [f.num] : [];
    });
    return amounts.length > 0 && amounts.every((n) => n.isZero());
  }
}

/** What a figure of the figures table is, for printing it by a 印法 (and for adopt's index): money, a rate or a change, a year, a count. */
export function tableFigureKind(f: ResolvedFigure): FigureKind {
  if (f.unit === '万元' || f.unit === '亿元') return 'amount';
  if (f.unit === '%') return f.word ? 'growth' : 'rate';
  if (f.unit === '个百分点') return 'pp';
  if (f.unit === '年' || f.unit === '年度') return 'year';
  return 'count';
}

function countUnit(f: ResolvedFigure): string {
  const kind = tableFigureKind(f);
  return kind === 'count' || kind === 'year' ? f.unit : '';
}

/** The magnitude, same source: 短收 prints the shortfall without its sign. */
export function absNum(n: Num): Num {
  return n.value.isNegative() ? new Num(n.value.abs(), n.src, n.field) : n;
}
