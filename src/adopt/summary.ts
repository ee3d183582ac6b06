import type { StyleInput } from '../style/schema';
import { refFormatText } from '../style/refs';
import type { AdoptSummary, ParagraphHow } from './index';
import { safeFileName } from '../write/outputs';

/** The style file's name: the district's (莱芜区决算报告格式.style.json). */
export function styleFileName(district: string): string {
  return `${safeFileName(`${district}决算报告格式`)}.style.json`;
}

/** The style's choices in the writer's words (README “格式的各项选择”), defaults left out. */
export function choiceLabels(s: StyleInput): { label: string; value: string }[] {
  const out: { label: string; value: string }[] = [];
  const add = (label: string, value: unknown) => {
    if (value !== undefined) out.push({ label, value: typeof value === 'boolean' ? (value ? '是' : '否') : String(value) });
  };
  add('句式', s.frame);
  if (s.totalWords) add('总量的说法', Object.entries(s.totalWords).map(([k, v]) => `${k}：${v}`).join('；'));
  add('完成率用语', s.rateWord);
  add('增长用语', s.growthWord);
  add('可比增长', s.comparable);
  add('先后', s.order);
  add('超收', s.surplus);
  add('分隔符', s.separator);
  add('最后一项前', s.lastJoiner);
  add('减去的说法', s.deductWord);
  add('平衡句', s.balance);
  add('段首年份', s.yearLead);
  add('收入项目', s.revenueItems);
  add('全区的称呼', s.scopes?.district);
  add('区级的称呼', s.scopes?.level);
  add('两个范围的排法', s.scopes?.layout);
  if (s.amounts) add('金额', refFormatText(s.amounts) || '万元');
  if (s.rates) add('比率', refFormatText(s.rates));
  if (s.growth) add('增长率', refFormatText(s.growth));
  if (s.formats) add('个别数字', Object.entries(s.formats).map(([k, v]) => `${k}：${refFormatText(v)}`).join('；'));
  return out;
}

const HOW: Record<ParagraphHow, string> = {
  data: '用数据写成（格式选择写不出报告的写法）',
  heading: '标题按报告的写法',
  added: '报告另加的段落',
  'left-out': '报告中没有这一段，不再写出',
  title: '报告标题按报告的写法',
  salutation: '称呼按报告的写法',
  opening: '开头语按报告的写法',
  'memo-left-out': '报告没有报送函，不再写出',
};

/** Wording that exists because a figure is 0 or the scopes agree (无……收入, 区级……一致, 未突破…). */
const ZERO_OR_SAME = /无|一致|未|超出|持平/;

const cut = (s: string, n = 40) => ([...s].length > n ? `${[...s].slice(0, n).join('')}……` : s);

/** The summary in Chinese, as the CLI prints it and the web page lists it (the style file's name said by each). */
export function summaryLines(s: AdoptSummary): string[] {
  const n = s.numbers;
  const out: string[] = [];
  out.push(`报告正文 ${s.paragraphCount} 段，数字 ${n.found} 个：对应到数据 ${n.placed} 个，有歧义 ${n.ambiguous} 个，未能对应 ${n.unplaced} 个。`);
  out.push(
    s.choices.length
      ? `格式选择（与默认不同的）：${s.choices.map((c) => `${c.label}“${c.value}”`).join('，')}。`
      : '格式选择：与默认格式相同。',
  );
  out.push(`按格式选择写出、与报告一字不差的预算段落 ${s.styled} 段；用数据写成或改写的段落、标题 ${s.paragraphs.length} 处。`);
  for (const p of s.paragraphs) out.push(`  ${p.paragraph ? `第 ${p.paragraph} 段` : ''}【${p.place}】${HOW[p.how]}${p.text ? `：${cut(p.text)}` : ''}`);
  if (s.dataDependent.length) {
    const zeroOrSame = s.dataDependent.filter((t) => ZERO_OR_SAME.test(t));
    out.push(
      `随数据而写的语句 ${s.dataDependent.length} 处（数据变化时程序自动改写）${zeroOrSame.length ? `，其中因数字为 0、区级与全区相同等而写的：${zeroOrSame.map((t) => `“${cut(t, 30)}”`).join('、')}` : ''}。`,
    );
  }
  if (s.ambiguous.length) {
    out.push(`有歧义的数字 ${s.ambiguous.length} 个（按上下文暂用第一个，请核对）：`);
    for (const a of s.ambiguous) out.push(`  第 ${a.paragraph} 段 “${a.before}【${a.text}】${a.after}”：可能是 ${a.candidates!.join('、')}，已用 ${a.chosen}`);
  }
  if (s.unplaced.length) {
    out.push(`未能对应到数据的数字 ${s.unplaced.length} 个（照原文保留为 {{?…}}；改为 {{名称}} 或删去之前，用这个格式生成会报错）：`);
    for (const u of s.unplaced) out.push(`  第 ${u.paragraph} 段 “${u.before}【${u.text}】${u.after}”（句子：${cut(u.sentence, 60)}）`);
  }
  if (s.differences.length) {
    out.push(`用这个格式生成时仍与报告不同的段落 ${s.differences.length} 处：`);
    for (const d of s.differences) out.push(`  ${d.paragraph ? `第 ${d.paragraph} 段` : '（报告中无）'}：${d.reason}${d.report ? `\n    报告：${cut(d.report, 60)}` : ''}${d.built ? `\n    生成：${cut(d.built, 60)}` : ''}`);
  } else out.push('用这个格式和去年的数据生成，正文与报告逐字相同。');
  return out;
}
