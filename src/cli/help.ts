export const VERSION = '0.1.0';

export const HELP = `fiscal-report ${VERSION} — 区县财政局年度报告生成工具

用法：
  fiscal-report build <数据文件> [--out 目录] [--templates 目录] [--overwrite] [--pdf]
                     [--previous 上年数据文件] [--style 格式文件] [--draft] [--audit]
      由数据文件（.json 或 .xlsx 工作簿）生成报告（DOCX）。数据先经校验，有错误时不写出任何文件（--draft 除外）。
      数据文件的 kind 决定报告类别：final-accounts（决算报告）、performance（预算绩效管理
      工作情况报告）、work-plan（工作情况及工作计划）。
  fiscal-report validate <数据文件> [--previous 上年数据文件] [--style 格式文件] [--json]
      只校验数据：列出全部错误和警告（按规则分组，错误在前）；--json 输出机器可读的结果。
      三类报告的数据都可校验；决算数据附带的报告（meta.attachments 中的 report）一并校验，
      问题注明所在的文件和位置。--previous、--style 只用于决算数据。
      退出码：0 无错误（可有警告）；1 有错误；2 用法错误。
  fiscal-report adopt <去年的报告.docx> --data <去年的数据文件> [--out 目录] [--overwrite] [--json]
      从本区去年的报告（Word 或 WPS 写成的 .docx）和去年的数据得出本区的格式文件（写在 --out 目录，
      默认 output）：认出报告中每个数字是哪一项数据，报告的写法变成格式选择，格式写不出的段落用数据写成。
      用去年的数据和这个格式生成，正文与去年的报告相同；用今年的数据生成，就是今年的初稿。
      列出认不出或有歧义的数字（段落、句子和前后文字）。报告与数据不是同一年、同一个区时不写任何文件。
  fiscal-report refresh <稿件.docx> --data <新数据文件> [--previous 上年数据文件] [--style 格式文件]
                       [--out 文件] [--draft] [--json] [--force]
      把新数据中的数字更新到已修改过的稿件中：只改动绑定的数字及随数字变化的用词（增长/下降），
      其余修改、批注和格式原样保留；稿件中被手工改动或删除的数字不猜测，列为冲突（--draft 时加批注）。
      默认另存为“稿件名（更新）.docx”。新数据的报告类型、区县或年度与稿件不同时拒绝更新；
      确需如此（如区名更改）时加 --force。
  fiscal-report init <类型> [--district 区名] [--year 年度] [--out 文件.xlsx] [--overwrite]
      生成空白数据工作簿（Excel/WPS 填写），填好后用 build 生成报告。类型：final-accounts（决算报告）、
      performance（预算绩效管理报告）、work-plan（工作计划）。
  fiscal-report export <数据文件.json> [--out 文件.xlsx] [--overwrite]
      把 JSON 数据导出为已填好的工作簿（读回与原数据一致）。
  fiscal-report batch [配置文件] [--force] [--jobs N] [--summary 文件] [--allow-absolute]
      按批量配置（默认 fiscal-report.batch.json）并行生成全部任务的报告（npm start 即运行此命令）。
      输入未变化的任务跳过；已被人工修改的稿件不覆盖，新稿另存为“（新版）”；结束时输出汇总表并写 JSON 汇总文件。
      --force 不论输入是否变化都重新生成；--jobs N 同时运行的任务数（默认 CPU 核数）；
      --summary 文件 指定 JSON 汇总文件；--allow-absolute 允许配置中使用绝对路径。
      退出码：0 全部成功；1 有任务失败；2 配置或用法错误。
  fiscal-report serve [--host 地址] [--port 端口] [--token 令牌] [--jobs N]
      启动网页（默认 http://127.0.0.1:8080/，只有本机能访问）：上传数据工作簿或 JSON，查看校验问题和报告预览，
      下载 DOCX、PDF、数字来源表。--host 为其他地址（如 0.0.0.0，供内网使用）时必须设置访问令牌
      （--token 或环境变量 FISCAL_REPORT_TOKEN，至少 16 个字符、不含空格），否则拒绝启动（并给出一个随机生成的令牌）。
      --jobs N 同时生成的份数（默认 CPU 核数），其余排队。
  fiscal-report build-examples [--out 目录]
      生成 data/ 下全部示例数据的报告。
  fiscal-report --help | --version

选项：
  --out 目录         build：输出目录（默认 output）；init/export：工作簿文件（.xlsx）
  --templates 目录   自定义模板目录：其中与默认模板同名的 .hbs 文件替换默认模板或子模板
  --overwrite        输出文件已被人工修改时仍然覆盖（默认不覆盖，新文件另存为“（新版）”）；
                     init/export 的工作簿已存在时覆盖（默认不覆盖）
  --district 区名    init：预先填写区名
  --year 年度        init：预先填写年度
  --host 地址        serve：监听地址（默认 127.0.0.1）
  --port 端口        serve：端口（默认 8080）
  --token 令牌       serve：访问令牌（也可用环境变量 FISCAL_REPORT_TOKEN）
  --pdf              同时生成 PDF（需要安装 LibreOffice；未安装时给出安装方法）
  --previous 文件    上年决算数据文件：提供同比增长的上年数，并核对滚存结余、债务余额等的结转
  --style 文件       本区格式文件（.json，或填有格式的决算数据文件）：按它的格式写决算报告，
                     优先于数据文件中的 style（只用于决算报告）
  --draft            数据有错误时仍生成草稿“…（草稿）.docx”：在涉及错误数字的语句上加批注，首页注明
  --audit            在报告旁写出数字来源表“….audit.json”：文中每个数字的位置和来源
  --data 文件        adopt：去年的数据文件；refresh：新的数据文件
  --json             adopt、refresh、validate：以 JSON 输出结果
  --force            refresh：新数据与稿件的报告类型、区县或年度不同（或稿件未记录来源）时仍然更新；
                     batch：不论输入是否变化都重新生成
  --jobs N           batch：同时运行的任务数；serve：同时生成的份数（默认均为 CPU 核数）
  --debug            程序内部出错时在终端显示详细信息（默认写入记录文件，消息中给出文件位置）
  -h, --help         显示本帮助
  -v, --version      显示版本

退出码：0 成功；1 数据有错误、生成失败或程序内部错误；2 命令用法错误。
`;
