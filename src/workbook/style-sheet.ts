import {
  BALANCES,
  COMPARABLE,
  DEDUCT_WORDS,
  FRAMES,
  GROWTH_WORDS,
  HEADING_KEYS,
  JOINERS,
  LAYOUTS,
  ORDERS,
  RATE_WORDS,
  REVENUE_ITEMS,
  SEPARATORS,
  TOTAL_WORD_KEYS,
} from '../style/schema';
import { PARAGRAPH_KEYS } from '../style/resolve';
import type { Choice, SectionRow, StyleSheet, ValueRow, ValueType } from './spec';

// The final-accounts workbook's 格式 sheet: the house style (style/schema.ts) as rows a writer
// fills in. The drop-downs are the schema's own enumerations; each choice's 示例 says what it
// prints, so a writer picks by the sentence, not by the word.

/** The schema's words, shown and stored as they are. */
const words = (list: readonly string[]): Choice[] => list.map((w) => ({ value: w, label: w }));

/** One line per choice: "其中：……". Typed by the enumeration, so a new word needs its example. */
const examples = <T extends string>(list: readonly T[], text: Record<T, string>): string => list.map((w) => `${w}：${text[w]}`).join('\n');

const choice = <T extends string>(path: string, label: string, list: readonly T[], text: Record<T, string>): ValueRow => ({
  kind: 'value',
  path,
  label,
  type: 'text',
  choices: words(list),
  example: examples(list, text),
});

const YES_NO = ['是', '否'] as const;
const yesNo = (path: string, label: string, yes: string, no: string): ValueRow => ({ kind: 'value', path, label, type: 'bool', example: examples(YES_NO, { 是: yes, 否: no }) });
const text = (path: string, label: string, example: string, type: ValueType = 'text'): ValueRow => ({ kind: 'value', path, label, type, example });
const digits = (path: string, label: string, example: string): ValueRow => ({ kind: 'value', path, label, type: 'digits', example });
const section = (label: string): SectionRow => ({ kind: 'section', label });

/** The default heading of each part, as the report prints it without a style. */
const HEADING_DEFAULTS: Record<(typeof HEADING_KEYS)[number], string> = {
  决算情况: '2024年决算情况',
  一般公共预算: '一般公共预算收支决算情况',
  政府性基金预算: '政府性基金预算收支决算情况',
  国有资本经营预算: '国有资本经营预算收支决算情况',
  社会保险基金预算: '社会保险基金预算收支决算情况',
  政府债务: '政府债务情况',
  财政运行特点: '2024年财政运行特点',
  一般公共预算收支分析: '一般公共预算收支分析',
  政府性基金预算收支分析: '政府性基金预算收支分析',
  当前存在的主要问题: '当前存在的主要问题',
  上半年预算执行情况: '2025年上半年预算执行情况',
  预算执行情况: '预算执行情况',
  当前存在的问题: '当前存在的问题',
  上半年主要工作: '2025年上半年主要工作',
  下半年工作打算: '下半年工作打算',
  '一般公共预算.全区': '1.全区一般公共预算收支决算情况（“小标题”排法）',
  '一般公共预算.区级': '2.区级一般公共预算收支决算情况（“小标题”排法）',
  '政府性基金预算.全区': '1.全区政府性基金预算收支决算情况（“小标题”排法）',
  '政府性基金预算.区级': '2.区级政府性基金预算收支决算情况（“小标题”排法）',
  '国有资本经营预算.全区': '1.全区国有资本经营预算收支决算情况（“小标题”排法）',
  '国有资本经营预算.区级': '2.区级国有资本经营预算收支决算情况（“小标题”排法）',
  '社会保险基金预算.全区': '1.全区社会保险基金预算收支决算情况（“小标题”排法）',
  '社会保险基金预算.区级': '2.区级社会保险基金预算收支决算情况（“小标题”排法）',
};

export const STYLE_SHEET: StyleSheet = {
  type: 'style',
  id: 'style',
  name: '格式',
  title: '格式（本区报告的写法：全部不填即默认格式，与莱芜区示例相同）',
  path: 'style',
  file: {
    label: '格式文件（填写后本表其余各项不填）',
    hint: '本区保存的格式文件名，如 styles/lanxi.style.json（相对于本工作簿所在目录）；也可以是上一年的决算数据文件或工作簿（取其中的格式）。不填则按本表以下各项。',
  },
  rows: [
    text('name', '格式名称（自己查看用，可不填）', '如 澜溪区决算报告格式'),
    section('一、收支段落的句式'),
    choice('frame', '句式', FRAMES, {
      其中: '全区一般公共预算总收入T，其中：当年一般公共预算收入X，完成调整预算的R%，同比增长G%；A a；B b。',
      加上: '全区一般公共预算收入X，完成调整预算的R%，同比增长G%。加上A a、B b，收入总量为T。',
      合计: '全区一般公共预算收入X，完成调整预算的R%，同比增长G%。加上A a、B b，收入合计T。',
    }),
    choice('rateWord', '完成率用语', RATE_WORDS, {
      完成调整预算的: '，完成调整预算的R%',
      为调整预算的: '，为调整预算的R%',
      为预算的: '，为预算的R%',
      完成预算的: '，完成预算的R%',
      完成预算数的: '，完成预算数的R%',
      完成年度计划: '，完成年度收入计划P的R%（须填调整预算数）',
    }),
    choice('growthWord', '增长用语', GROWTH_WORDS, {
      同比增长: '，同比增长G%',
      增长: '，增长G%',
      比上年增长: '，比上年增长G%',
      '比上年年份增长（下同）': '，比2023年（下同）增长G%（第一处；以后写“增长G%”）',
    }),
    choice('comparable', '可比增长（填了可比增长的项）', COMPARABLE, {
      不写: '，同比增长G%（不写可比增长）',
      可比增长: '，同比增长G%，可比增长C%',
      同口径增长: '，自然口径增长G%，同口径增长C%',
      只写可比增长: '，可比增长C%',
    }),
    choice('order', '完成率与增长的先后', ORDERS, {
      完成率在前: '，完成调整预算的R%，同比增长G%',
      增长在前: '，同比增长G%，完成调整预算的R%',
    }),
    yesNo('surplus', '写超收', '，完成调整预算的R%，超收S（少于预算时写“短收”）', '不写超收'),
    choice('separator', '构成项目之间的标点', SEPARATORS, { '；': 'A a；B b；C c', '、': 'A a、B b、C c', '，': 'A a，B b，C c' }),
    choice('lastJoiner', '最后一项前的连接词', JOINERS, { 无: 'A a、B b、C c', 以及: 'A a、B b以及C c', '，以及': 'A a、B b，以及C c', 和: 'A a、B b和C c' }),
    choice('deductWord', '减项用语（构成项目中“减项”选“是”的）', DEDUCT_WORDS, {
      减: '加上A a，减上解支出d，收入合计T。',
      减去: '加上A a，减去上解支出d，收入合计T。',
      扣除: '加上A a，扣除上解支出d，收入合计T。',
    }),
    choice('balance', '平衡句', BALANCES, {
      不写: '（不写）',
      收支决算平衡: '……支出总量为T。全区一般公共预算收支决算平衡。',
      收支相抵: '……支出合计T。收支相抵，全区一般公共预算收支平衡。（有年终结余时：收支相抵，年终结余B。）',
    }),
    yesNo('yearLead', '段首写年度', '2024年，全区一般公共预算总收入……', '全区一般公共预算总收入……'),
    choice('revenueItems', '收入项目（“收入项目”表）', REVENUE_ITEMS, {
      不列: '不写收入项目',
      段内: '……同比增长G%（其中：税收收入a，完成预算的r%，同比增长g%；非税收入b，……）',
      逐行: '收支段落之后每项一段：税收收入a，完成预算的r%，同比增长g%。',
    }),
    section('二、合计用语（加上、合计句式中合计数前的词，可不填）'),
    ...TOTAL_WORD_KEYS.map((k) =>
      text(
        `totalWords.${k}`,
        `合计用语·${k}`,
        k === '收入' || k === '支出'
          ? `默认：加上句式“${k}总量为”，合计句式“${k}合计”；如 可用财力总计`
          : `只用于${k}，优先于“合计用语·${k.slice(-2)}”`,
      ),
    ),
    section('三、全区和区级'),
    text('scopes.district', '全区的名称', '全区（默认）、区'),
    text('scopes.level', '区级的名称', '区级（默认）、区本级、高新区本级'),
    choice('scopes.layout', '全区和区级的排列', LAYOUTS, {
      分段: '全区……。（另起一段）区级……。',
      小标题: '1.全区一般公共预算收支决算情况（小标题）　全区……。2.区级一般公共预算收支决算情况　区级……。',
      同段: '全区……。区级……。（在同一段）',
    }),
    section('四、数字'),
    choice('amounts.unit', '金额单位', ['万元', '亿元'], { 万元: '1165436万元（按所填数字）', 亿元: '116.54亿元（按小数位数四舍五入）' }),
    digits('amounts.digits', '金额小数位数', '0 至 4：亿元默认 2 位；万元不填则按所填数字'),
    yesNo('amounts.keepZeros', '金额保留末尾的0', '10.60亿元', '10.6亿元（默认）'),
    yesNo('amounts.thousands', '金额千分位', '1,254,300万元', '1254300万元（默认）'),
    digits('rates.digits', '完成率小数位数', '0 至 4，默认 2：完成调整预算的100.08%'),
    yesNo('rates.keepZeros', '完成率保留末尾的0', '完成调整预算的100.10%', '完成调整预算的100.1%（默认）'),
    digits('growth.digits', '增长率小数位数', '0 至 4，默认 2：增长8.26%'),
    yesNo('growth.keepZeros', '增长率保留末尾的0', '增长8.0%', '增长8%（默认）'),
    section('五、报告标题、称谓和开头'),
    text('title', '报告标题', '默认：关于××区2024年决算和2025年上半年预算执行情况的报告（无上半年部分时为“关于××区2024年决算的报告”）\n可写区名和数字的名称，如 关于{{区名}}{{年度}}年财政决算的报告', 'longtext'),
    text('salutation', '称谓', '各位主任、各位委员：（默认）\n主任、各位副主任、各位委员：'),
    text('opening', '开头一段', '默认：受区政府委托，我向区人大常委会报告2024年决算和2025年上半年预算执行情况，请予审议。\n可写数字的名称，如 受区人民政府委托，现将{{年度}}年全区财政决算情况报告如下，请予审议。', 'longtext'),
    section('六、标题（不填即默认；可写数字的名称，如 {{年度}}年全区财政决算情况）'),
    ...HEADING_KEYS.map((k) => text(`headings.${k}`, `标题·${k}`, `默认：${HEADING_DEFAULTS[k]}`)),
  ],
  tables: [
    {
      path: 'formats',
      label:
        '七、个别数字的格式（可不填）：与上面“数字”不同的数字，每行一个。“数字名称”如 全区一般公共预算收入、全区一般公共预算收入增长（名称见 README“写成本区的格式”）；不填的列按上面的设置。',
      key: { title: '数字名称' },
      fields: [
        { field: 'unit', title: '单位', type: 'text', column: 'value', choices: ['万元', '亿元'] },
        { field: 'digits', title: '小数位数', type: 'digits', column: 'example' },
        { field: 'keepZeros', title: '保留末尾0', type: 'bool', column: 'more' },
        { field: 'thousands', title: '千分位', type: 'bool', column: 'last' },
      ],
      shape: 'record',
      blankRows: 4,
    },
    {
      path: 'paragraphs',
      label:
        '八、写在数据中的段落（可不填）：“位置”从下拉列表中选择，如 一般公共预算.全区（代替程序写的全区一段）、一般公共预算.之后（该部分之后另起一段）；“文字”中的数字写成 {{名称}}；“全为零时的文字”在文字中的金额全为 0 时代替它；“标题级别”填 1—4 时这一行是标题（一、（一）1.（1），序号由程序编排）；同一位置填几行即几段。',
      key: { title: '位置', choices: PARAGRAPH_KEYS },
      fields: [
        { field: 'text', title: '文字', type: 'longtext', column: 'value' },
        { field: 'zeroText', title: '全为零时的文字', type: 'longtext', column: 'example' },
        { field: 'heading', title: '标题级别', type: 'digits', column: 'more' },
      ],
      shape: 'paragraphs',
      blankRows: 4,
    },
  ],
};
