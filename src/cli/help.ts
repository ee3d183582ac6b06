export const VERSION = '0.1.0';

export const HELP = `fiscal-report ${VERSION} — 区县财政局年度报告生成工具

用法：
  fiscal-report build <数据文件> [--out 目录] [--templates 目录] [--overwrite]
      由数据文件（.json 或 .xlsx 工作簿）生成报告（DOCX）。数据先经校验，有错误时不写出任何文件。
  fiscal-report init final-accounts [--district 区名] [--year 年度] [--out 文件.xlsx] [--overwrite]
      生成空白数据工作簿（Excel/WPS 填写），填好后用 build 生成报告。
  fiscal-report export <数据文件.json> [--out 文件.xlsx] [--overwrite]
      把 JSON 数据导出为已填好的工作簿（读回与原数据一致）。
  fiscal-report build-examples [--out 目录]
      生成 data/ 下全部示例数据的报告（npm start 即运行此命令）。
  fiscal-report --help | --version

选项：
  --out 目录         build：输出目录（默认 output）；init/export：工作簿文件（.xlsx）
  --templates 目录   自定义模板目录：其中与默认模板同名的 .hbs 文件替换默认模板或子模板
  --overwrite        输出文件已被人工修改时仍然覆盖（默认不覆盖，新文件另存为“（新版）”）；
                     init/export 的工作簿已存在时覆盖（默认不覆盖）
  --district 区名    init：预先填写区名
  --year 年度        init：预先填写决算年度
  -h, --help         显示本帮助
  -v, --version      显示版本

退出码：0 成功；1 数据有错误或生成失败；2 命令用法错误。
`;
