import type { Issue, Place } from '../model/issue';
import { groupIssues } from '../cli/validate';
import { issueGroupName } from '../model/issue-names';
import { VERSION } from '../cli/help';
import type { BuildResult, StyleUsed } from './build';
import { html, trusted, type Html } from './html';
import { placeField, placeWhere } from './places';
import { figureMarks, renderPreview } from './preview';

/**
 * The pages, server-rendered: template literals through the escaping html tag (views hold no
 * markup from data). One stylesheet and one small script (assets.ts), no inline script or style
 * attribute beyond a table cell's indent, so the Content-Security-Policy can forbid them.
 */

export interface KindInfo {
  kind: string;
  name: string;
  what: string;
  /** A blank workbook can be downloaded for it. */
  workbook: boolean;
}

export const KIND_INFO: KindInfo[] = [
  { kind: 'final-accounts', name: '决算报告', what: '关于××区××年决算（和××年上半年预算执行情况）的报告（含报送函、决算草案表），按本区的格式写成', workbook: true },
  { kind: 'performance', name: '预算绩效管理工作情况报告', what: '以文字为主的报告，可单独成文，也可作为决算报告的附件', workbook: true },
  { kind: 'work-plan', name: '工作情况及工作计划', what: '以文字为主的工作总结和下一年工作计划', workbook: true },
];

export const kindName = (kind: string | undefined) => KIND_INFO.find((k) => k.kind === kind)?.name ?? '报告';

export interface PageChrome {
  /** The server asks for a token: offer to log out. */
  auth: boolean;
}

const mb = (n: number) => `${Math.round(n / 1048576)} MB`;

export function layout(title: string, chrome: PageChrome, main: Html, opts: { bodyClass?: string } = {}): string {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · 财政报告生成</title>
<link rel="stylesheet" href="/static/app.css">
<script src="/static/app.js" defer></script>
</head>
<body class="${opts.bodyClass ?? ''}">
<a class="skip" href="#main">跳到正文</a>
<header class="top">
  <a class="brand" href="/">财政报告生成</a>
  <span class="tagline">上传数据 · 校验 · 预览 · 下载 DOCX</span>
  ${chrome.auth ? html`<form class="logout" method="post" action="/logout"><button type="submit" class="link">退出登录</button></form>` : ''}
</header>
<main id="main" tabindex="-1">
${main}
</main>
<footer class="foot">fiscal-report ${VERSION} · 数据只在本次处理中使用；上传的文件不写入磁盘，与结果一起在服务器内存中保留约两小时。</footer>
</body>
</html>
`.value;
}

// ── Home ─────────────────────────────────────────────────────────────────────────────────────────

export interface HomeOptions {
  examples: { name: string; kind: string; title: string }[];
  maxFileBytes: number;
  /** A message shown above the forms (e.g. after a refused export). */
  notice?: string;
}

function kindChooser(): Html {
  return html`<fieldset class="kinds">
  <legend class="sr-only">报告类型</legend>
  ${KIND_INFO.map(
    (k, i) => html`<label class="kind">
    <input type="radio" name="kind" value="${k.kind}"${i === 0 ? html` checked` : ''} aria-labelledby="kind-${k.kind}" aria-describedby="kind-${k.kind}-what">
    <span class="kind-name" id="kind-${k.kind}">${k.name}</span>
    <span class="kind-what" id="kind-${k.kind}-what">${k.what}</span>
  </label>`,
  )}
  </fieldset>`;
}

function downloadPanels(o: HomeOptions): Html {
  const year = new Date().getFullYear() - 1;
  return html`${KIND_INFO.map((k) =>
    k.workbook
      ? html`<div class="panel" data-kind="${k.kind}">
  <h3>${k.name}：空白工作簿</h3>
  <form method="get" action="/workbook/blank" class="inline-form">
    <input type="hidden" name="kind" value="${k.kind}">
    <label>区名 <input name="district" maxlength="20" placeholder="如：莱芜区" autocomplete="off"></label>
    <label>${k.kind === 'final-accounts' ? '决算年度' : '年度'} <input name="year" inputmode="numeric" pattern="[0-9]{4}" maxlength="4" placeholder="如：${year}" autocomplete="off"></label>
    <button type="submit" class="btn">下载空白工作簿</button>
  </form>
  <p class="hint">${k.kind === 'final-accounts' ? '在 Excel 或 WPS 中填写黄色单元格，蓝色单元格是自动合计的公式。' : '在 Excel 或 WPS 中填写黄色单元格：“正文”表按层级写标题和段落，文中的数字写成对“数据表”的引用（{{名称}}）。'}</p>
  <h3>或：由上年的数据得到已填写的工作簿</h3>
  <form method="post" action="/workbook/export" enctype="multipart/form-data" class="inline-form" data-max="${o.maxFileBytes}">
    <label>上年数据文件（.json 或 .xlsx） <input type="file" name="dataset" accept=".json,.xlsx" required></label>
    <button type="submit" class="btn btn-secondary">下载已填写的工作簿</button>
  </form>
  <p class="hint">把上年的数据导出为工作簿，改成今年的数字即可，文字材料和数据表都在里面。</p>
  ${examplesList(o, k.kind)}
</div>`
      : html`<div class="panel" data-kind="${k.kind}">
  <h3>${k.name}：JSON 数据文件</h3>
  <p>这类报告以文字为主，用 JSON 数据文件填写（暂无工作簿）。可下载示例，照着改写：</p>
  <ul class="examples">${o.examples
    .filter((e) => e.kind === k.kind)
    .map((e) => html`<li><a href="/examples/${encodeURIComponent(e.name)}" download>${e.name}</a><span class="hint">　${e.title}</span></li>`)}</ul>
</div>`,
  )}`;
}

/** The shipped examples of a kind (JSON data files), to download and adapt. */
function examplesList(o: HomeOptions, kind: string): Html | string {
  const list = o.examples.filter((e) => e.kind === kind);
  if (!list.length) return '';
  return html`<h3>示例数据（JSON）</h3><ul class="examples">${list.map((e) => html`<li><a href="/examples/${encodeURIComponent(e.name)}" download>${e.name}</a><span class="hint">　${e.title}</span></li>`)}</ul>`;
}

export function homePage(chrome: PageChrome, o: HomeOptions): string {
  return layout(
    '上传数据',
    chrome,
    html`<div class="home">
<section class="intro">
  <h1>生成财政报告</h1>
  <p>上传填好的数据工作簿或 JSON 数据文件，立即看到每一个问题（指明工作表和单元格）和报告预览，再下载 DOCX、PDF。</p>
</section>
${o.notice ? html`<div class="alert alert-error" role="alert">${o.notice}</div>` : ''}
<div class="home-grid">
<div class="home-left">
<section class="step" aria-labelledby="s1">
  <h2 id="s1"><span class="step-no">1</span>选择报告类型</h2>
  ${kindChooser()}
</section>
<section class="step" aria-labelledby="s2">
  <h2 id="s2"><span class="step-no">2</span>下载数据工作簿</h2>
  ${downloadPanels(o)}
</section>
</div>
<section class="step step-upload" aria-labelledby="s3">
  <h2 id="s3"><span class="step-no">3</span>上传数据，校验并生成</h2>
  <form id="build-form" method="post" action="/build" enctype="multipart/form-data" data-max="${o.maxFileBytes}">
    <div class="field">
      <label for="dataset">数据文件 <span class="req">（必选）</span></label>
      <input id="dataset" type="file" name="dataset" accept=".xlsx,.json" required aria-describedby="dataset-hint">
      <p class="hint" id="dataset-hint">填好的数据工作簿（.xlsx）或 JSON 数据文件（.json），每个文件不超过 ${mb(o.maxFileBytes)}。</p>
    </div>
    <div class="field">
      <label for="previous">上年数据 <span class="opt">（可选）</span></label>
      <input id="previous" type="file" name="previous" accept=".xlsx,.json" aria-describedby="previous-hint">
      <p class="hint" id="previous-hint">上年的决算数据：据此计算同比增长，并核对滚存结余、债务余额的结转。</p>
    </div>
    <div class="field">
      <label for="style">格式文件 <span class="opt">（可选）</span></label>
      <input id="style" type="file" name="style" accept=".json" aria-describedby="style-hint">
      <p class="hint" id="style-hint">本区决算报告的格式文件（.json）：报告按它的用语、单位和段落写成。数据中写了格式文件名（style）时请选上该文件；不选则按数据中的格式，数据中也没有时按默认格式。</p>
    </div>
    <div class="field">
      <label for="attachments">附件报告文件 <span class="opt">（可选，可多选）</span></label>
      <input id="attachments" type="file" name="attachments" accept=".json,.xlsx" multiple aria-describedby="attachments-hint">
      <p class="hint" id="attachments-hint">决算数据的“附件”中写了报告文件名（如 laiwu-2024-performance.json）时，请把该文件一并选上。</p>
    </div>
    <button type="submit" class="btn btn-primary" id="build-submit">校验并生成</button>
    <div id="form-error" class="alert alert-error" role="alert" tabindex="-1" hidden></div>
    <div id="progress" class="progress" role="status" aria-live="polite" hidden>
      <div class="bar" aria-hidden="true"><span></span></div>
      <ol class="stages">
        <li data-stage="upload">上传文件</li>
        <li data-stage="queued">等待处理</li>
        <li data-stage="read">读取数据</li>
        <li data-stage="compose">校验数据、排版报告</li>
        <li data-stage="pack">生成 DOCX</li>
      </ol>
      <p class="progress-text"></p>
    </div>
  </form>
</section>
</div>
${adoptForm(o)}
</div>`,
  );
}

// ── Adopt: last year's report → the district's style ─────────────────────────────────────────────

function adoptForm(o: HomeOptions): Html {
  return html`<section class="step step-adopt" aria-labelledby="s4">
  <h2 id="s4"><span class="step-no">4</span>从去年的报告开始（决算报告）</h2>
  <p>上传本区去年的决算报告（Word 或 WPS 写成的 .docx）和去年的数据，得到本区的格式文件：用它和今年的数据生成，就是用去年的写法写成的今年的报告。</p>
  <form id="adopt-form" method="post" action="/adopt" enctype="multipart/form-data" data-max="${o.maxFileBytes}">
    <div class="field">
      <label for="adopt-report">去年的报告 <span class="req">（必选）</span></label>
      <input id="adopt-report" type="file" name="report" accept=".docx" required aria-describedby="adopt-report-hint">
      <p class="hint" id="adopt-report-hint">Word 文档（.docx）；旧版 .doc 请先在 Word 或 WPS 中另存为 .docx。</p>
    </div>
    <div class="field">
      <label for="adopt-dataset">去年的数据 <span class="req">（必选）</span></label>
      <input id="adopt-dataset" type="file" name="dataset" accept=".xlsx,.json" required aria-describedby="adopt-dataset-hint">
      <p class="hint" id="adopt-dataset-hint">与这份报告同一年、同一个区的决算数据（.xlsx 或 .json）。</p>
    </div>
    <div class="field">
      <label for="adopt-attachments">附件报告文件 <span class="opt">（可选，可多选）</span></label>
      <input id="adopt-attachments" type="file" name="attachments" accept=".json,.xlsx" multiple>
    </div>
    <button type="submit" class="btn btn-primary">读取报告，得出格式</button>
  </form>
</section>`;
}

/** The result of adopt: the summary and the style file to download, or why nothing was made. */
export function adoptPage(chrome: PageChrome, r: { ok: true; name: string; lines: string[] } | { ok: false; issues: Issue[] }, id: string | null): string {
  if (!r.ok)
    return layout(
      '无法得出格式',
      chrome,
      html`<div class="error-page">
<h1>无法得出格式</h1>
<div class="alert alert-error" role="alert"><ul>${r.issues.map((i) => html`<li>${i.message}</li>`)}</ul><p>未生成格式文件。</p></div>
<p><a class="btn" href="/">返回上传页</a></p>
</div>`,
    );
  return layout(
    '本区的格式',
    chrome,
    html`<div class="adopt-result">
<h1>本区的格式：${r.name}</h1>
<p><a class="btn btn-primary" href="/adopt/${id ?? ''}/style.json" download="${r.name}">下载格式文件</a></p>
<p>生成今年的报告时，在上传页第 3 步的“格式文件”中选择这个文件，与今年的数据一并上传。</p>
<h2>读取结果</h2>
<ul class="adopt-summary">${r.lines.map((l) => html`<li>${l}</li>`)}</ul>
<p><a class="btn" href="/">返回上传页</a></p>
</div>`,
  );
}

// ── Results ──────────────────────────────────────────────────────────────────────────────────────

function placeLine(p: Place | undefined, mainFile: string): Html {
  if (!p) return html``;
  const where = placeWhere(p);
  const field = placeField(p);
  return html`<span class="place">${p.file !== mainFile ? html`<span class="place-file">${p.file}</span> ` : ''}${where ? html`<span class="place-where">${where}</span>` : ''}${field ? html` <span class="place-field">${field}</span>` : ''}${p.path ? html` <code class="place-path">${p.path}</code>` : ''}</span>`;
}

function issueItem(issue: Issue, index: number, mainFile: string, anchor: string | undefined): Html {
  const others = (issue.involves ?? []).filter((p) => p.path !== issue.place?.path || p.file !== issue.place?.file);
  const showFix = issue.fix && !issue.message.includes(issue.fix);
  return html`<li class="issue issue-${issue.severity}" id="issue-${index + 1}">
  <div class="issue-head"><span class="badge badge-${issue.severity}">${issue.severity === 'error' ? '错误' : '警告'} ${index + 1}</span> ${placeLine(issue.place, mainFile)}</div>
  <p class="issue-msg">${issue.message}</p>
  ${issue.expected !== undefined || issue.actual !== undefined ? html`<p class="issue-ea">${issue.expected !== undefined ? html`应为 <b>${issue.expected}</b>` : ''}${issue.expected !== undefined && issue.actual !== undefined ? '，' : ''}${issue.actual !== undefined ? html`实为 <b>${issue.actual}</b>` : ''}</p>` : ''}
  ${showFix ? html`<p class="issue-fix">修改方法：${issue.fix}</p>` : ''}
  ${others.length ? html`<details class="involves"><summary>涉及的数字（${others.length} 处，任何一个都可能填错）</summary><ul>${others.map((p) => html`<li>${placeLine(p, mainFile)}</li>`)}</ul></details>` : ''}
  <p class="issue-foot"><span class="rule" title="${issue.code}">${issueGroupName(issue.code)}</span>${anchor ? html` <a class="goto" href="#${anchor}" data-focus="${anchor}">在预览中查看</a>` : ''}</p>
</li>`;
}

export interface ResultOptions {
  id: string;
  /** LibreOffice found: the PDF can be offered. null: not known yet. */
  pdf: boolean;
  pdfHint: string;
}

function downloads(r: BuildResult, o: ResultOptions): Html {
  const items: Html[] = [];
  if (r.doc) {
    items.push(
      r.draft
        ? html`<a class="btn btn-primary" href="/r/${o.id}/docx" download>下载草稿 DOCX（带批注）</a>`
        : html`<a class="btn btn-primary" href="/r/${o.id}/docx" download>下载 DOCX</a>`,
    );
    if (!r.draft) items.push(o.pdf ? html`<a class="btn" href="/r/${o.id}/pdf" download data-pdf>下载 PDF</a>` : html`<span class="na" title="${o.pdfHint}">PDF：本机未安装 LibreOffice</span>`);
    // The audit files are made when asked for (build.ts runWebAudit): every report has them. No
    // `download` attribute: the file comes as an attachment and the page stays, and should making
    // it fail, the browser shows the page that says why instead of a silently failed download.
    items.push(html`<a class="btn" href="/r/${o.id}/audit.xlsx">下载数字来源表（Excel）</a>`, html`<a class="btn btn-secondary" href="/r/${o.id}/audit.json" title="供程序读取">数字来源表（JSON）</a>`);
  }
  if (r.exportable.dataset) items.push(html`<a class="btn btn-secondary" href="/r/${o.id}/dataset.xlsx" download>本数据导出为工作簿</a>`);
  if (r.exportable.previous) items.push(html`<a class="btn btn-secondary" href="/r/${o.id}/previous.xlsx" download>上年数据的工作簿（已填写）</a>`);
  items.push(html`<a class="btn btn-secondary" href="/">重新上传</a>`);
  const pdfProgress = html`<div id="pdf-progress" class="progress" role="status" aria-live="polite" hidden><div class="bar" aria-hidden="true"><span></span></div><p class="progress-text"></p></div>`;
  return html`<nav class="downloads" aria-label="下载">${items}</nav>${o.pdf && r.doc && !r.draft ? pdfProgress : ''}${r.doc && r.draft ? html`<p class="hint">草稿不提供 PDF：请在 Word 或 WPS 中对照批注修改数据后重新上传。</p>` : ''}${r.doc && !r.draft && !o.pdf ? html`<p class="hint">${o.pdfHint}</p>` : ''}`;
}

/** Codes saying the file itself could not be read (not a fault in its data). */
const UNREADABLE = /^(upload-|file-|json-syntax|xlsx-(not-workbook|corrupt|encrypted|legacy|ods|binary|empty|too-large))/;

function status(r: BuildResult): Html {
  const errors = r.issues.filter((i) => i.severity === 'error').length;
  const warnings = r.issues.length - errors;
  const w = warnings ? `，另有 ${warnings} 处警告请核实` : '';
  if (r.doc && !r.draft && !errors)
    return html`<div class="status status-ok" role="status"><strong>数据校验通过</strong>${warnings ? `：有 ${warnings} 处警告，请逐一核实（确属实可忽略）` : '：未发现错误或警告'}。报告已生成，可以下载。</div>`;
  if (r.doc && r.draft)
    return html`<div class="status status-draft" role="status"><strong>数据有 ${errors} 处错误</strong>${w}。已生成带批注的草稿（不得报送）：请按下列提示修改数据后重新上传。</div>`;
  if (!r.kind && r.issues.every((i) => UNREADABLE.test(i.code)))
    return html`<div class="status status-fail" role="alert"><strong>上传的文件无法读取，无法成稿</strong>：请按下列提示处理后重新上传。</div>`;
  return html`<div class="status status-fail" role="alert"><strong>数据有 ${errors} 处错误，无法成稿</strong>${w}。请按下列提示修改后重新上传。</div>`;
}

/** The style's name as the page says it: its own name, or what it is. */
function styleLabel(s: StyleUsed): string {
  if (s.name) return s.name;
  if (s.from === 'default') return '默认格式';
  return s.from === 'file' ? '格式文件中的格式' : '数据中填写的格式';
}

function styleSource(s: StyleUsed): string {
  if (s.from === 'file') return `（格式文件 ${s.file}）`;
  if (s.from === 'dataset') return '（数据中填写）';
  return '';
}

/**
 * Where the preview's blocks go in a result page's text (resultPageParts): a comment, which no data
 * text can make (every interpolated value is escaped, so a "<" from data is "&lt;").
 */
const PREVIEW_SLOT = '<!--fiscal-report:preview-->';

/**
 * The result page as pieces whose concatenation is the page: the text before the preview, the
 * preview block by block, the text after. A report's page is one string of some 150,000 characters
 * built from tens of thousands of pieces; turned into bytes whole, V8 first copied it into one flat
 * string in fresh memory, which took longer than making the page. Piece by piece, each is small.
 */
export function resultPageParts(chrome: PageChrome, r: BuildResult, o: ResultOptions, split = true): string[] {
  const grouped = groupIssues(r.issues);
  const ordered = grouped.flatMap((g) => g.issues);
  const marks = figureMarks(r.figures, ordered);
  const preview = r.doc ? renderPreview(r.doc, { figures: r.figures, marks, issues: ordered, mainFile: r.files.dataset }) : null;
  let n = 0;
  const issuesHtml = grouped.length
    ? html`${(['error', 'warning'] as const).map((sev) => {
        const gs = grouped.filter((g) => g.severity === sev);
        if (!gs.length) return '';
        const count = gs.reduce((a, g) => a + g.issues.length, 0);
        return html`<h3 class="sev-head sev-${sev}">${sev === 'error' ? '错误' : '警告'} ${count} 处</h3>${gs.map(
          (g) => html`<h4 class="group-head">${g.description}<span class="group-n">${g.issues.length} 处</span></h4><ol class="issues">${g.issues.map((i) => {
            const k = n++;
            return issueItem(i, k, r.files.dataset, preview?.anchors.get(k));
          })}</ol>`,
        )}`;
      })}`
    : html`<p class="ok-note">没有发现问题。</p>`;
  const unused = r.files.attachments.filter((a) => !a.used);
  const styleUnused = r.files.style && !r.files.style.used;
  const title = r.title || r.files.dataset;
  const page = layout(
    title,
    chrome,
    html`<div class="results${preview ? '' : ' no-preview'}${r.issues.length ? '' : ' no-issues'}">
<section class="res-head" aria-labelledby="res-title">
  <p class="kind-tag">${r.kind ? kindName(r.kind) : '上传的文件'}</p>
  <h1 id="res-title">${title}</h1>
  <p class="files">数据文件：${r.files.dataset}${r.files.previous ? html`　上年数据：${r.files.previous}` : ''}${r.files.style ? html`　格式文件：${r.files.style.name}` : ''}${r.files.attachments.length ? html`　附件报告：${r.files.attachments.map((a) => a.name).join('、')}` : ''}</p>
  ${r.style ? html`<p class="style-used">格式：<b>${styleLabel(r.style)}</b>${styleSource(r.style)}</p>` : ''}
  ${status(r)}
  ${unused.length ? html`<p class="hint">未用到的附件文件：${unused.map((a) => a.name).join('、')}（数据的“附件”中没有引用这些文件名）。</p>` : ''}
  ${styleUnused ? html`<p class="hint">未用到的格式文件：${r.files.style!.name}（格式只用于决算报告）。</p>` : ''}
  ${downloads(r, o)}
</section>
<div class="res-body">
<section class="issues-pane" aria-labelledby="issues-h"${r.issues.length || !preview ? '' : html` hidden`}>
  <h2 id="issues-h">校验结果${r.issues.length ? html`<span class="count">（${r.issues.length} 处）</span>` : ''}</h2>
  ${issuesHtml}
</section>
${
  preview
    ? html`<section class="preview-pane" aria-labelledby="preview-h">
  <h2 id="preview-h">报告预览${r.draft ? '（草稿）' : ''}</h2>
  <p class="legend"><span class="fig-sample">数字</span> 可追溯来源：鼠标悬停或用 Tab 键移到数字上，显示它来自哪个单元格或如何计算${preview.flagged ? html`；<span class="fig-sample fig-error">红色</span>为出错规则涉及的数字，<span class="fig-sample fig-warning">黄色</span>为警告涉及的数字` : ''}${r.draft ? html`；<span class="commented">波浪线</span>为草稿中加了批注的语句` : ''}。共 ${preview.figureCount} 处数字。版面以 DOCX 为准。</p>
  <article class="paper" aria-label="报告预览">${split ? trusted(PREVIEW_SLOT) : preview.blocks}</article>
</section>`
    : ''
}
</div>
</div>`,
    { bodyClass: 'wide' },
  );
  // (split = false: the preview in place, one piece, as a check of the split.)
  if (!preview || !split) return [page];
  const at = page.indexOf(PREVIEW_SLOT);
  return [page.slice(0, at), ...preview.blocks.map((b) => b.value), page.slice(at + PREVIEW_SLOT.length)];
}

// ── Login, errors ────────────────────────────────────────────────────────────────────────────────

export function loginPage(next: string, failed: boolean): string {
  return layout(
    '登录',
    { auth: false },
    html`<div class="login">
<h1>请输入访问令牌</h1>
<p>这个网页设置了访问令牌，令牌由启动服务的管理员提供。</p>
${failed ? html`<div class="alert alert-error" role="alert">令牌不正确，请重新输入。</div>` : ''}
<form method="post" action="/login">
  <input type="hidden" name="next" value="${next}">
  <label for="token">访问令牌</label>
  <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
  <button type="submit" class="btn btn-primary">登录</button>
</form>
</div>`,
  );
}

export function errorPage(chrome: PageChrome, title: string, message: string, details: string[] = []): string {
  return layout(
    title,
    chrome,
    html`<div class="error-page">
<h1>${title}</h1>
<div class="alert alert-error" role="alert"><p>${message}</p>${details.length ? html`<ul>${details.map((d) => html`<li>${d}</li>`)}</ul>` : ''}</div>
<p><a class="btn" href="/">返回上传页</a></p>
</div>`,
  );
}
