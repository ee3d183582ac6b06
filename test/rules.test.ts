import { RULES } from '../src/validate/rules';
import { laiwuRaw } from './helpers';
import { placeOf, previousRaw, validateCli } from './validate-helpers';

// One case per rule family: a change to the Laiwu dataset, and the issue `fiscal-report validate
// --json` must report for it — rule id, severity, the Chinese message word for word, the place (file,
// JSON path, line and column) — and the exit code (1 with an error, 0 with warnings only).

type Mutate = (raw: any, prev: any) => void;
interface Case {
  code: string;
  severity: 'error' | 'warning';
  mutate: Mutate;
  path: (string | number)[];
  message: string;
  /** Other figures the issue must name as taking part. */
  involves?: string[];
  withPrevious?: boolean;
  /** The place is in the previous dataset. */
  inPrevious?: boolean;
}

const CASES: Case[] = [
  {
    code: 'revenue-items',
    severity: 'error',
    mutate: (r) =>
      (r.generalBudget.district.income.current.items = [
        { label: '税收收入', amount: 347960 },
        { label: '非税收入', amount: 122422 },
      ]),
    path: ['generalBudget', 'district', 'income', 'current', 'amount'],
    message: '全区一般公共预算收入应为各项之和 470382，实为 470383（多 1）：请核对全区一般公共预算收入和各收入项目的金额，或补上缺少的项目。',
    involves: ['generalBudget.district.income.current.items[0].amount', 'generalBudget.district.income.current.items[1].amount'],
  },
  {
    code: 'included-parts',
    severity: 'error',
    mutate: (r) => (r.generalBudget.district.income.lines[0].includes = [{ label: '新增一般债券', amount: 80853 }]),
    path: ['generalBudget', 'district', 'income', 'lines', 0, 'includes', 0, 'amount'],
    message: '“地方政府一般债券转贷收入”所含各部分合计 80853 超过地方政府一般债券转贷收入 80852（多 1）：请核对地方政府一般债券转贷收入和所含各部分（新增一般债券 80853）。',
    involves: ['generalBudget.district.income.lines[0].amount'],
  },
  {
    code: 'surplus',
    severity: 'error',
    mutate: (r) => Object.assign(r.generalBudget.district.income.current, { adjustedBudget: 470007, surplus: 377 }),
    path: ['generalBudget', 'district', 'income', 'current', 'surplus'],
    message: '全区一般公共预算收入的超收应为当年数 470383 减调整预算数 470007，即 376，实为 377：请核对超收、当年数和调整预算数，或删除超收由程序计算。',
    involves: ['generalBudget.district.income.current.adjustedBudget'],
  },
  {
    code: 'tax-item',
    severity: 'error',
    mutate: (r) => (r.generalBudget.district.income.current.items = [{ label: '税收收入', amount: 347961 }, { label: '非税收入', amount: 122422 }]),
    path: ['analysis', 'tax', 'amount'],
    message: '收支分析中的税收收入为 347960，全区一般公共预算收入项目中的“税收收入”为 347961：两处是同一个数字，报告会印出两个不同的税收收入：请核对两处的税收收入，使之一致。',
    involves: ['generalBudget.district.income.current.items[0].amount'],
  },
  {
    code: 'comparable-income',
    severity: 'error',
    mutate: (r) => (r.generalBudget.district.income.current.comparableGrowth = -4.6),
    path: ['analysis', 'incomeComparable', 'growth'],
    message: '收支分析中一般公共预算收入的可比增长为 -4%，全区一般公共预算收入的可比增长为 -4.6%：两处是同一个数字，报告会印出两个不同的可比增长：请核对两处的可比增长率，使之一致。',
    involves: ['generalBudget.district.income.current.comparableGrowth'],
  },
  {
    code: 'debt-refinancing-repaid',
    severity: 'error',
    mutate: (r) => Object.assign(r.debt.principal, { total: 252290, special: { amount: 171301, ownFunds: 11301, refinancing: 160000 } }),
    path: ['debt', 'bonds', 'refinancing', 'amount'],
    message: '一般债务、专项债务的再融资债券还本合计 80852 + 160000 = 240852，超过再融资债券 235671：还本所用的再融资债券不会多于收到的：请核对一般、专项债务还本支出中的再融资债券还本和再融资债券金额。',
    involves: ['debt.principal.special.refinancing'],
  },
  {
    code: 'fiscal-revenue',
    severity: 'error',
    mutate: (r) => (r.generalBudget.fiscalRevenue = { amount: 470000 }),
    path: ['generalBudget', 'fiscalRevenue', 'amount'],
    message: '财政总收入 470000 小于全区一般公共预算收入 470383（财政总收入包含一般公共预算收入和上划中央、省级的税收）：请核对财政总收入和全区一般公共预算收入。',
    involves: ['generalBudget.district.income.current.amount'],
  },
  {
    code: 'table-shape',
    severity: 'error',
    mutate: (r) => (r.tables = [{ title: '测试表', unit: '万元', header: [['项目', '金额']], rows: [['甲', 1, 2]] }]),
    path: ['tables', 0, 'rows'],
    message: '表格“测试表”的表体有 3 列，与表头的 2 列不一致：请补齐或删去多余的单元格。',
  },
  {
    code: 'figure-units',
    severity: 'error',
    mutate: (r) => (r.figures['混合合计'] = { sum: ['主体税种收入', '主体税种增长'], unit: '万元', show: '亿元' }),
    path: ['figures', '混合合计', 'sum'],
    message: '数据表中的“混合合计”由单位不同的数据计算（主体税种收入：万元，主体税种增长：%，混合合计：万元）：请核对各项的单位。',
  },
  {
    code: 'figure-unit-kind',
    severity: 'error',
    mutate: (r) => (r.figures['上半年收入增减'].unit = '万元'),
    path: ['figures', '上半年收入增减', 'unit'],
    message:
      '数据表中的“上半年收入增减”引用的“上半年全区一般公共预算收入增长”是比率或增长率（百分数），单位应为“%”，实为“万元”：比率会印成金额或个数（如“-7.2万元”，应为“下降7.2%”）。请把单位改为“%”。',
    involves: ['figures.上半年收入增减.unit', 'firstHalf.general.district.income.growth'],
  },
  {
    code: 'budget-total',
    severity: 'error',
    mutate: (r) => (r.generalBudget.district.income.lines[0].amount += 1),
    path: ['generalBudget', 'district', 'income', 'total'],
    message:
      '全区一般公共预算总收入应为各项之和 1165437，实为 1165436（少 1）：请核对全区一般公共预算总收入和各组成部分（当年一般公共预算收入 470383、地方政府一般债券转贷收入 80853、返还性收入、一般性转移支付收… 614201）。',
    involves: ['generalBudget.district.income.current.amount', 'generalBudget.district.income.lines[0].amount', 'generalBudget.district.income.lines[1].amount'],
  },
  {
    code: 'budget-balance',
    severity: 'error',
    mutate: (r) => {
      r.generalBudget.level.income.total += 1;
      r.generalBudget.level.income.lines[1].amount += 1;
    },
    path: ['generalBudget', 'level', 'income', 'total'],
    message:
      '区级一般公共预算总收入 1142835 与总支出 1142834 不相等（收入比支出多 1）：结转下年列在支出方时收支应平衡，请核对收支两方的合计；如本区把年终结余单列（不计入总支出），请在 generalBudget.level.yearEndBalance 填写年终结余。',
    involves: ['generalBudget.level.expenditure.total'],
  },
  {
    code: 'budget-balance',
    severity: 'error',
    // The other form: 年终结余 shown apart from spending. The check follows the form used.
    mutate: (r) => {
      const sc = r.stateCapitalBudget.district;
      sc.expenditure = { total: 422, current: { amount: 422 }, lines: [] };
      sc.yearEndBalance = 1888;
    },
    path: ['stateCapitalBudget', 'district', 'income', 'total'],
    message: '全区国有资本经营预算总收入应为各项之和 2310，实为 2311（多 1）：年终结余单列时，总收入应等于总支出加年终结余。请核对总收入、总支出和年终结余。',
    involves: ['stateCapitalBudget.district.expenditure.total', 'stateCapitalBudget.district.yearEndBalance'],
  },
  {
    code: 'rate-base',
    severity: 'error',
    mutate: (r) => (r.generalBudget.district.expenditure.current.adjustedBudget = 757000),
    path: ['generalBudget', 'district', 'expenditure', 'current', 'completionRate'],
    message: '“一般公共预算·全区·支出·当年数”完成率应为 757058 ÷ 757000 = 100.01%，实为 100.27%：请核对完成率或预算数。',
    involves: ['generalBudget.district.expenditure.current.amount', 'generalBudget.district.expenditure.current.adjustedBudget'],
  },
  {
    code: 'half-completion',
    severity: 'error',
    mutate: (r) => (r.firstHalf.general.district.income.initialBudget = 480000),
    path: ['firstHalf', 'general', 'district', 'income', 'completionRate'],
    message: '“上半年执行·一般公共预算·全区·收入”完成率应为 243422 ÷ 480000 = 50.7%，实为 50.2%：请核对完成率或预算数。',
    involves: ['firstHalf.general.district.income.initialBudget'],
  },
  {
    code: 'growth-base',
    severity: 'error',
    mutate: (r) => (r.socialInsuranceBudget.level.expenditure.lastYear = 110000),
    path: ['socialInsuranceBudget', 'level', 'expenditure', 'growth'],
    message: '“社会保险基金预算·区级·支出”增长率应为 117463 ÷ 110000 − 1 = 6.78%，实为 7.97%：请核对增长率或上年数（socialInsuranceBudget.level.expenditure.lastYear）。',
    involves: ['socialInsuranceBudget.level.expenditure.amount', 'socialInsuranceBudget.level.expenditure.lastYear'],
  },
  {
    code: 'growth-base',
    severity: 'error',
    withPrevious: true,
    mutate: (r) => (r.firstHalf.fund.level.expenditure.growth = 17.6),
    path: ['firstHalf', 'fund', 'level', 'expenditure', 'growth'],
    message:
      '“上半年执行·政府性基金预算·区级·支出”增长率应为 223464 ÷ 189859 − 1 = 17.7%，实为 17.6%：请核对增长率或上年数据文件中的上年数（上年数据 firstHalf.fund.level.expenditure.amount）。',
    involves: ['firstHalf.fund.level.expenditure.amount'],
  },
  {
    code: 'previous-base',
    severity: 'error',
    withPrevious: true,
    mutate: (r) => {
      delete r.generalBudget.level.income.current.growth;
      r.generalBudget.level.income.current.lastYear = 244000;
    },
    path: ['generalBudget', 'level', 'income', 'current', 'lastYear'],
    message:
      '“一般公共预算·区级·收入·当年数”的上年数为 244000，上年数据文件中为 244543（上年数据 generalBudget.level.income.current.amount）：请核对本年数据中的上年数，以及上年数据文件是否为本区上年决算数据。',
  },
  {
    code: 'stabilization-rollforward',
    severity: 'error',
    withPrevious: true,
    mutate: (r) => (r.generalBudget.stabilizationFund.added = 400),
    path: ['generalBudget', 'stabilizationFund', 'balance'],
    message: '预算稳定调节基金累计余额应为上年余额 1581 加补充 400 减调入使用 0，即 1981，实为 1964：请核对余额、补充和调入使用，以及上年数据文件中的余额。',
    involves: ['generalBudget.stabilizationFund.added', 'generalBudget.stabilizationFund.used'],
  },
  {
    code: 'social-net',
    severity: 'error',
    mutate: (r) => (r.socialInsuranceBudget.district.net = 19520),
    path: ['socialInsuranceBudget', 'district', 'net'],
    message: '全区社会保险基金收支净结余应为收入 136965 减支出 117463，即 19502，实为 19520：请核对净结余、收入和支出。',
    involves: ['socialInsuranceBudget.district.income.amount', 'socialInsuranceBudget.district.expenditure.amount'],
  },
  {
    code: 'social-rollforward',
    severity: 'error',
    mutate: (r) => (r.socialInsuranceBudget.level.lastYearAccumulated = 156000),
    path: ['socialInsuranceBudget', 'level', 'accumulated'],
    message:
      '区级社会保险基金滚存结余应为各项之和 175502，实为 176000（多 498）：滚存结余应为上年滚存结余加本年收支净结余。请核对滚存结余（socialInsuranceBudget.level.accumulated）、净结余和上年滚存结余（socialInsuranceBudget.level.lastYearAccumulated）。',
    involves: ['socialInsuranceBudget.level.lastYearAccumulated', 'socialInsuranceBudget.level.net'],
  },
  {
    code: 'debt-limit-sum',
    severity: 'error',
    mutate: (r) => (r.debt.limit.total = 2053189),
    path: ['debt', 'limit', 'total'],
    message: '政府债务限额应为各项之和 2053198，实为 2053189（少 9）：请核对政府债务限额和各组成部分（一般债务限额 507559、专项债务限额 1545639）。',
    involves: ['debt.limit.general', 'debt.limit.special'],
  },
  {
    code: 'debt-balance-sum',
    severity: 'error',
    mutate: (r) => (r.debt.balance.general = 497609),
    path: ['debt', 'balance', 'total'],
    message: '政府债务余额应为各项之和 1897291，实为 1897372（多 81）：请核对政府债务余额和各组成部分（一般债务余额 497609、专项债务余额 1399682）。',
    involves: ['debt.balance.general', 'debt.balance.special'],
  },
  {
    code: 'debt-within-limit',
    severity: 'error',
    mutate: (r) => {
      r.debt.limit.special = 1399000;
      r.debt.limit.total = 507559 + 1399000;
    },
    path: ['debt', 'balance', 'special'],
    message: '专项债务余额 1399682 超过专项债务限额 1399000（超出 682）：余额不得突破批准的限额，请核对余额和限额。',
    involves: ['debt.limit.special'],
  },
  {
    code: 'debt-rollforward',
    severity: 'error',
    withPrevious: true,
    mutate: (r) => (r.debt.balance.otherChange = 3000),
    path: ['debt', 'balance', 'total'],
    message:
      '政府债务余额应为上年余额 1698010 加本年债券资金 392971 减还本支出 193609 加其他增减 3000，即 1900372，实为 1897372：请核对余额、债券资金和还本支出；如有债务划转、核销等其他增减，请填写 debt.balance.otherChange。',
    involves: ['debt.bonds.total', 'debt.principal.total', 'debt.balance.otherChange'],
  },
  {
    code: 'debt-bonds-sum',
    severity: 'error',
    mutate: (r) => (r.debt.bonds.total = 392917),
    path: ['debt', 'bonds', 'total'],
    message: '收到的地方政府债券资金应为各项之和 392971，实为 392917（少 54）：请核对收到的地方政府债券资金和各组成部分（新增债券 157300、再融资债券 235671）。',
    involves: ['debt.bonds.newBonds.amount', 'debt.bonds.refinancing.amount'],
  },
  {
    code: 'debt-new-uses',
    severity: 'error',
    mutate: (r) => (r.debt.bonds.newBonds.uses[3].amount = 75000),
    path: ['debt', 'bonds', 'newBonds', 'amount'],
    message:
      '新增债券应为各项之和 161800，实为 157300（少 4500）：请核对新增债券和各组成部分（用于农林水利建设方面债券资金 69300、用于保障性住房的债券资金为 15500、用于教科文卫方面债券资金为 2000、用于产业园基础设施建设项目的… 75000）。',
    involves: ['debt.bonds.newBonds.uses[3].amount'],
  },
  {
    code: 'debt-refinancing-uses',
    severity: 'error',
    mutate: (r) => (r.debt.bonds.refinancing.uses[1].amount = 53000),
    path: ['debt', 'bonds', 'refinancing', 'amount'],
    message: '再融资债券应为各项之和 235171，实为 235671（多 500）：请核对再融资债券和各组成部分（用于偿还到期的政府债券 182171、用于置换存量隐性债务 53000）。',
    involves: ['debt.bonds.refinancing.uses[0].amount', 'debt.bonds.refinancing.uses[1].amount'],
  },
  {
    code: 'debt-interest-sum',
    severity: 'error',
    mutate: (r) => (r.debt.interest.special = 39510),
    path: ['debt', 'interest', 'total'],
    message: '债务付息支出应为各项之和 55730，实为 55721（少 9）：请核对债务付息支出和各组成部分（一般债券利息支出 16220、专项债券利息支出 39510）。',
    involves: ['debt.interest.special'],
  },
  {
    code: 'debt-principal-sum',
    severity: 'error',
    mutate: (r) => (r.debt.principal.total = 193690),
    path: ['debt', 'principal', 'total'],
    message: '债务还本支出应为各项之和 193609，实为 193690（多 81）：请核对债务还本支出和各组成部分（一般债务还本支出 80989、专项债务还本支出 112620）。',
    involves: ['debt.principal.general.amount', 'debt.principal.special.amount'],
  },
  {
    code: 'debt-principal-sources',
    severity: 'error',
    mutate: (r) => (r.debt.principal.special.ownFunds = 11310),
    path: ['debt', 'principal', 'special', 'amount'],
    message: '专项债务还本支出应为各项之和 112629，实为 112620（少 9）：请核对专项债务还本支出和各组成部分（自有财力还本 11310、再融资债券还本 101319）。',
    involves: ['debt.principal.special.ownFunds', 'debt.principal.special.refinancing'],
  },
  {
    code: 'share-base',
    severity: 'warning',
    withPrevious: true,
    mutate: () => {},
    path: ['analysis', 'tax', 'lastYearShare'],
    message:
      '税收收入上年占比应为上年税收收入 358352 ÷ 上年一般公共预算收入 469397 = 76.3%，实为 77.3%：请核对上年占比，或删除它由上年数据计算（如上年占比按其他口径计算，可忽略本警告）。',
  },
  {
    code: 'figure-from',
    severity: 'error',
    mutate: (r) => (r.figures['全区收入亿元'] = { value: 47.05, unit: '亿元', from: 'generalBudget.district.income.current.amount' }),
    path: ['figures', '全区收入亿元', 'value'],
    message:
      '数据表中的“全区收入亿元”应为数据“全区一般公共预算收入”的 470383万元，折合 47.04亿元，实为 47.05亿元（按所填的 2 位小数核对）：亿元数应由万元数四舍五入得出，请核对数值，或删去 value 直接引用数据。',
    involves: ['generalBudget.district.income.current.amount'],
  },
  {
    code: 'figure-sum',
    severity: 'error',
    mutate: (r) => {
      r.figures['优秀部门'] = { value: 56, unit: '个' };
      r.figures['良好部门'] = { value: 6, unit: '个' };
      r.figures['考核部门'] = { value: 63, unit: '个', sum: ['优秀部门', '良好部门'] };
    },
    path: ['figures', '考核部门', 'value'],
    message: '数据表中的“考核部门”应为“优秀部门”56个 加 “良好部门”6个之和 = 62个，实为 63个（按所填的 0 位小数核对）：请核对“考核部门”的数值和各组成部分。',
    involves: ['figures.优秀部门.value', 'figures.良好部门.value'],
  },
  {
    code: 'figure-difference',
    severity: 'error',
    mutate: (r) => (r.figures['非税减收核对'] = { value: 1.58, unit: '亿元', difference: ['上年同期非税收入', '非税收入'] }),
    path: ['figures', '非税减收核对', 'value'],
    message: '数据表中的“非税减收核对”应为“上年同期非税收入”67800万元 减 “非税收入”51900万元之差 = 1.59亿元，实为 1.58亿元（按所填的 2 位小数核对）：请核对“非税减收核对”的数值和参与计算的数字。',
    involves: ['figures.上年同期非税收入.value', 'figures.非税收入.value'],
  },
  {
    code: 'figure-ratio',
    severity: 'error',
    // The seed prints 93.68%: 14099 ÷ 15051 is 93.67%.
    mutate: (r) => (r.figures['中小微企业合同占比'] = { value: 93.68, unit: '%', ratio: ['中小微企业合同金额', '政府采购合同金额'] }),
    path: ['figures', '中小微企业合同占比', 'value'],
    message: '数据表中的“中小微企业合同占比”应为“中小微企业合同金额”14099万元 ÷ “政府采购合同金额”15051万元 = 93.67%，实为 93.68%（按所填的 2 位小数核对）：请核对“中小微企业合同占比”的数值和参与计算的数字。',
    involves: ['figures.中小微企业合同金额.value', 'figures.政府采购合同金额.value'],
  },
  {
    code: 'figure-growth',
    severity: 'error',
    mutate: (r) => (r.figures['非税收入增减'] = { value: -23.3, unit: '%', word: '增减', growth: ['非税收入', '上年同期非税收入'] }),
    path: ['figures', '非税收入增减', 'value'],
    message: '数据表中的“非税收入增减”应为“非税收入”51900万元 ÷ “上年同期非税收入”67800万元 − 1 = -23.5%，实为 -23.3%（按所填的 1 位小数核对）：请核对“非税收入增减”的数值和参与计算的数字。',
    involves: ['figures.非税收入.value', 'figures.上年同期非税收入.value'],
  },
  {
    code: 'plausible-completion',
    severity: 'warning',
    mutate: (r) => (r.fundBudget.level.expenditure.current.completionRate = 30.5),
    path: ['fundBudget', 'level', 'expenditure', 'current', 'completionRate'],
    message: '“政府性基金预算·区级·支出·当年数”完成预算比例为 30.5%，不在通常的 50%–200% 之间：请核对完成率、当年数和预算数（如确属实，可忽略本警告）。',
  },
  {
    code: 'plausible-half',
    severity: 'warning',
    mutate: (r) => (r.firstHalf.fund.district.expenditure.completionRate = 104.1),
    path: ['firstHalf', 'fund', 'district', 'expenditure', 'completionRate'],
    message: '“上半年执行·政府性基金预算·全区·支出”上半年已完成全年年初预算的 104.1%，超过全年预算：请核对上半年数、完成年初预算比例和年初预算数（如确属实，可忽略本警告）。',
  },
  {
    code: 'plausible-growth',
    severity: 'warning',
    mutate: (r) => (r.firstHalf.socialInsurance.district.income.growth = 125.4),
    path: ['firstHalf', 'socialInsurance', 'district', 'income', 'growth'],
    message: '“上半年执行·社会保险基金预算·全区·收入”增长率为 125.4%，超出 ±100%：请核对增长率（如确属实，可忽略本警告）。',
  },
  {
    code: 'plausible-negative',
    severity: 'warning',
    mutate: (r) => (r.generalBudget.stabilizationFund.used = -50),
    path: ['generalBudget', 'stabilizationFund', 'used'],
    message: '“一般公共预算·预算稳定调节基金·调入使用”为负数 -50：该项不应为负数，请核对数值（下降、减少请用正数填写减少的金额，或填写增长率）。',
  },
  {
    code: 'plausible-reserve',
    severity: 'warning',
    mutate: (r) => (r.generalBudget.reserveFund.spent = 8200),
    path: ['generalBudget', 'reserveFund', 'spent'],
    message: '预备费已安排支出 8200 超过安排数 8000：请核对预备费安排数和已安排支出。',
  },
  {
    code: 'classified-duplicate',
    severity: 'error',
    mutate: (r) => (r.classified = { generalTransfers: { rows: ['23001', '23002', '23003', '23003'].map((code) => ({ code, amount: 1 })) } }),
    path: ['classified', 'generalTransfers', 'rows', 3, 'code'],
    message: '一般公共预算税收返还和转移支付决算表中科目编码 23003（专项转移支付）出现了两次（第 3 行和第 4 行）：请删除重复的一行，或改正科目编码。',
    involves: ['classified.generalTransfers.rows[2].code'],
  },
  {
    code: 'classified-sum',
    severity: 'error',
    mutate: (r) => (r.classified = { generalTransfers: { total: { amount: 4 }, rows: ['23001', '23002', '23003'].map((code) => ({ code, amount: 1 })) } }),
    path: ['classified', 'generalTransfers', 'total', 'amount'],
    message: '一般公共预算税收返还和转移支付决算表合计的决算数应为各类（第一层各行）之和 3，实为 4（多 1）：请核对一般公共预算税收返还和转移支付决算表合计的决算数和各类（第一层各行）（返还性支出 1、一般性转移支付 1、专项转移支付 1），或补上缺少的行。',
    involves: ['classified.generalTransfers.rows[0].amount'],
  },
  {
    code: 'classified-report',
    severity: 'error',
    mutate: (r) =>
      (r.classified = {
        generalDebt: { rows: [['lastYearBalance', 497827], ['limit', 507558], ['issued', 80852], ['repaid', 80989], ['balance', 497690]].map(([code, amount]) => ({ code, amount })) },
      }),
    path: ['classified', 'generalDebt', 'rows', 1, 'amount'],
    message: '政府一般债务限额和余额情况表“本年地方政府一般债务限额” 507558 与报告中的政府一般债务限额 507559 不符（少 1）：请核对政府一般债务限额和余额情况表的这一行和报告政府债务部分的数字。',
    involves: ['debt.limit.general'],
  },
  {
    code: 'classified-rate',
    severity: 'error',
    mutate: (r) => (r.classified = { fundTransfers: { rows: [{ code: '23004', amount: 100, lastYear: 80, lastYearRatio: 125.1 }] } }),
    path: ['classified', 'fundTransfers', 'rows', 0, 'lastYearRatio'],
    message: '政府性基金转移支付决算表“政府性基金转移支付”（23004）的决算数为上年决算数的%应为 100 ÷ 80 = 125，实为 125.1：请核对决算数为上年决算数的%和上年决算数。',
    involves: ['classified.fundTransfers.rows[0].lastYear'],
  },
  {
    code: 'classified-items-twice',
    severity: 'error',
    mutate: (r) => {
      r.classified = { generalIncome: { rows: [{ code: '101', amount: 347960 }, { code: '103', amount: 122423 }] } };
      r.generalBudget.district.income.current.items = [{ label: '税收收入', amount: 347960 }, { label: '非税收入', amount: 122423 }];
    },
    path: ['generalBudget', 'district', 'income', 'current', 'items'],
    message: '全区一般公共预算收入的收入项目与一般公共预算收入决算表重复填写：请删去“收入项目”中全区一般公共预算收入的各项，报告按一般公共预算收入决算表印出（要少印几项，用该表的 textItems 列出要印的科目编码）。',
  },
  {
    code: 'classified-text-items',
    severity: 'warning',
    mutate: (r) => (r.classified = { generalIncome: { rows: [{ code: '101', amount: 347960 }, { code: '103', amount: 122423 }], textItems: ['101', '10105'] } }),
    path: ['classified', 'generalIncome', 'textItems', 1],
    message: '一般公共预算收入决算表中没有科目编码 10105 的决算数，正文中列出的科目（textItems）里的这一项不会印出：请改正科目编码，或在表中补上这一行的决算数。',
  },
  {
    code: 'classified-rows',
    severity: 'warning',
    mutate: (r) => (r.classified = { generalTransfers: { rows: ['23001', '23002'].map((code) => ({ code, amount: 1 })) } }),
    path: ['classified', 'generalTransfers', 'rows'],
    message: '一般公共预算税收返还和转移支付决算表中缺少标准表的行：23003 专项转移支付：没有数额的科目可填 0，或照财政系统导出的表格补上这些行。',
  },
  {
    code: 'classified-no-section',
    severity: 'warning',
    mutate: (r) => {
      delete r.stateCapitalBudget;
      r.classified = { stateCapitalIncome: { rows: ['1030601', '1030602', '1030603', '1030604', '1030698'].map((code) => ({ code, amount: 1 })) } };
    },
    path: ['classified', 'stateCapitalIncome'],
    message: '国有资本经营预算收入决算表中有数，但报告中没有相应的部分，无法核对其合计：请在报告数据中填写相应部分，或清空这张表。',
  },
  {
    code: 'classified-missing',
    severity: 'warning',
    mutate: (r) => {
      delete r.stateCapitalBudget;
      delete r.socialInsuranceBudget;
      delete r.debt;
      delete r.fundBudget;
      r.classified = { fundTransfers: { rows: [{ code: '23004', amount: 0 }] } };
    },
    path: ['classified'],
    message:
      '没有填写一般公共预算收入决算表（报告中的全区当年一般公共预算收入为 470383）、一般公共预算支出决算表（报告中的全区当年一般公共预算支出为 757058）、一般公共预算本级支出决算表（报告中的区级当年一般公共预算支出为 677097）：附件中这些表只印表头，不注明“无”。请填写这些表（工作簿中把财政系统导出的表格粘贴到同名工作表）。',
    involves: ['generalBudget.district.income.current.amount'],
  },
  {
    code: 'previous-year',
    severity: 'error',
    withPrevious: true,
    inPrevious: true,
    mutate: (_r, p) => (p.meta.year = 2022),
    path: ['meta', 'year'],
    message: '上年数据文件的年度应为 2023，实为 2022：--previous 应指定 2023 年的决算数据文件。',
  },
];

describe('each rule family: Chinese message, place and exit code (validate --json)', () => {
  it.each(CASES.map((c, i) => [`${c.code} #${i}`, c] as const))('%s', async (_name, c) => {
    const raw = laiwuRaw();
    const prev = previousRaw();
    c.mutate(raw, prev);
    const r = await validateCli(raw, c.withPrevious ? prev : undefined);
    // Exactly this one issue: a rule fires where its tie is broken, and nowhere else. (Against the
    // synthetic 2023 data, Laiwu's 上年占比 always draws the share-base warning: see that case.)
    r.report.issues = r.report.issues.filter((i: any) => i.code === c.code || i.code !== 'share-base');
    // The classified cases give a few tables only: the others, left out, draw the one classified-missing warning.
    if (c.code.startsWith('classified-')) r.report.issues = r.report.issues.filter((i: any) => i.code === c.code || i.code !== 'classified-missing');
    expect(r.report.issues.map((i: any) => i.code)).toEqual([c.code]);
    const issue = r.report.issues[0];
    expect(issue.severity).toBe(c.severity);
    expect(issue.message).toBe(c.message);
    const file = c.inPrevious ? r.previousFile! : r.file;
    const text = c.inPrevious ? JSON.stringify(prev, null, 2) : r.text;
    expect(issue.place).toEqual({ file, path: c.path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join(''), ...placeOf(text, c.path) });
    for (const p of c.involves ?? []) expect(issue.involves.map((pl: any) => pl.path)).toContain(p);
    for (const pl of issue.involves ?? []) expect(pl.line).toBeGreaterThan(1);
    expect(r.exit).toBe(c.severity === 'error' ? 1 : 0);
    expect(r.report.ok).toBe(c.severity !== 'error');
  });

  it('covers every rule the validator runs', () => {
    const tested = new Set(CASES.map((c) => c.code));
    expect(RULES.map((r) => r.id).filter((id) => !tested.has(id))).toEqual([]);
  });

  it('the Laiwu dataset is clean, alone and against the synthetic 2023 dataset (but for the share warning)', async () => {
    const alone = await validateCli(laiwuRaw());
    expect(alone.report.issues).toEqual([]);
    expect(alone.exit).toBe(0);
    const withPrev = await validateCli(laiwuRaw(), previousRaw());
    expect(withPrev.report.issues.map((i: any) => i.code)).toEqual(['share-base']);
    expect(withPrev.exit).toBe(0);
  });
});
