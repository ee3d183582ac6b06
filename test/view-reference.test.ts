import { readFileSync } from 'node:fs';
import { VIEW_REFERENCE_FILE, viewReferenceText } from '../scripts/write-view-reference';

// docs/view-model.md is generated (npm run view-reference) from the composed examples, the helpers
// and the named figures: it must be what the script writes now.

describe('the view-model reference for IT staff', () => {
  const text = viewReferenceText();

  it('docs/view-model.md is up to date (npm run view-reference)', () => {
    const committed = readFileSync(VIEW_REFERENCE_FILE, 'utf8');
    if (committed !== text) throw new Error('docs/view-model.md 不是最新的：视图模型、助手或具名数字有变化。请运行 npm run view-reference，检查差异后提交。');
  });

  it('lists the paths, their types and sources, the helpers and the named figures', () => {
    expect(text).toContain('| `meta.year` | 数字 Num | `{{int meta.year}}`；或按本区格式：`{{fig "年度"}}` | 数据来源：`meta.year`（基本信息·年度） |');
    expect(text).toContain('| `meta.previousYear` | 数字 Num | `{{int meta.previousYear}}`；或按本区格式：`{{fig "上年"}}`');
    expect(text).toMatch(/\| `〈预算〉\.〈范围〉\.income\.total` \| 数字 Num \| `\{\{wan general\.district\.income\.total\}\}`/);
    expect(text).toMatch(/\| `general\.text\[\]\.text` \| 组合好的段落 ComposedText \|/);
    expect(text).toMatch(/\| `general\.level` \| 组合，可为空 null \|/);
    expect(text).toContain('### `fund`\n\n政府性基金预算，结构同 general；数据中没有时为空。类型：组合，可为空 null。');
    expect(text).toMatch(/\| `firstHalf\.〈预算〉\.〈范围〉\.income\.growth` \|/);
    // Every helper, with its output on the Laiwu example.
    expect(text).toContain('| `fig` | `{{fig "全区一般公共预算收入增长"}}` | `增长0.21%` |');
    expect(text).toContain('| `int` | `{{int meta.previousYear}}` | `2023` |');
    // Named figures by pattern, with their sources and an example printed in its district's style.
    expect(text).toContain('| `〈范围〉〈预算〉收入增长` | 增减 |');
    expect(text).toContain('全区一般公共预算收入增长 → 增长0.21%（莱芜区）');
    expect(text).toContain('| `上年` | 年份 | 计算：上年，由 `meta.year`（基本信息·年度） |');
  });

  it('reads nothing outside the project', () => {
    const source = readFileSync(require.resolve('../scripts/write-view-reference'), 'utf8');
    expect(source).not.toContain('../shared');
    expect(source).not.toMatch(/join\(ROOT, '\.\.'/);
  });
});
