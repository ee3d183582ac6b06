export const VERSION = '0.1.0';

export const HELP = `fiscal-report ${VERSION} — 区县财政局年度报告生成工具

用法：
  fiscal-report build <数据文件> [--out 目录] [--templates 目录] [--overwrite]
      由数据文件生成报告（DOCX）。数据先经校验，有错误时不写出任何文件。
  fiscal-report batch [配置文件] [--force] [--jobs N] [--summary 文件] [--allow-absolute]
      按批量配置（默认 fiscal-report.batch.json）并行生成全部任务的报告（npm start 即运行此命令）。
      输入未变化的任务跳过；已被人工修改的稿件不覆盖，新稿另存为“（新版）”；结束时输出汇总表并写 JSON 汇总文件。
      --force 不论输入是否变化都重新生成；--jobs N 同时运行的任务数（默认 CPU 核数）；
      --summary 文件 指定 JSON 汇总文件；--allow-absolute 允许配置中使用绝对路径。
      退出码：0 全部成功；1 有任务失败；2 配置或用法错误。
  fiscal-report build-examples [--out 目录]
      生成 data/ 下全部示例数据的报告。
  fiscal-report --help | --version

选项：
  --out 目录         输出目录（默认 output）
  --templates 目录   自定义模板目录：其中与默认模板同名的 .hbs 文件替换默认模板或子模板
  --overwrite        输出文件已被人工修改时仍然覆盖（默认不覆盖，新文件另存为“（新版）”）
  -h, --help         显示本帮助
  -v, --version      显示版本

退出码：0 成功；1 数据有错误或生成失败；2 命令用法错误。
`;
