/**
 * The page's one stylesheet and one small script, served from /static: no front-end build step.
 * The script only adds comfort (upload progress, the build's stages, a tooltip that is never
 * clipped); every page works without it.
 */

export const CSS = `
:root {
  --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --bg: #f6f7f9; --card: #fff;
  --primary: #1f4e9c; --primary-ink: #fff; --error: #b42318; --error-bg: #fdecea; --warn: #8a5a00; --warn-bg: #fff4d6;
  --ok: #1a7f37; --ok-bg: #e6f4ea; --focus: #f59e0b;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", system-ui, sans-serif;
  font-size: 15px; line-height: 1.6; color: var(--ink); background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
a { color: var(--primary); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip { position: absolute; left: -9999px; top: 0; background: var(--card); padding: 6px 12px; z-index: 100; }
.skip:focus { left: 8px; top: 8px; }
.top { display: flex; align-items: baseline; gap: 16px; padding: 10px 24px; background: var(--primary); color: var(--primary-ink); }
.top .brand { color: inherit; font-weight: 700; font-size: 18px; text-decoration: none; }
.top .tagline { opacity: .85; font-size: 13px; }
.top .logout { margin-left: auto; }
.top .link { background: none; border: 0; color: inherit; text-decoration: underline; cursor: pointer; font: inherit; }
main { flex: 1; width: 100%; max-width: 1180px; margin: 0 auto; padding: 20px 24px 32px; }
main:focus { outline: none; }
body.wide main { max-width: 1760px; }
.foot { color: var(--muted); font-size: 12px; text-align: center; padding: 12px 24px 16px; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 18px; margin: 0 0 12px; }
h3 { font-size: 15px; margin: 16px 0 8px; }
.hint { color: var(--muted); font-size: 13px; margin: 4px 0; }
.btn { display: inline-block; padding: 7px 16px; border: 1px solid var(--primary); border-radius: 6px; background: var(--card); color: var(--primary);
  font: inherit; font-size: 14px; text-decoration: none; cursor: pointer; white-space: nowrap; }
.btn:hover { background: #eef3fb; }
.btn-primary { background: var(--primary); color: var(--primary-ink); }
.btn-primary:hover { background: #183f80; }
.btn-secondary { border-color: var(--line); color: var(--ink); }
.btn[disabled] { opacity: .6; cursor: progress; }
.alert { border-radius: 6px; padding: 10px 14px; margin: 12px 0; }
.alert p { margin: 0; }
.alert ul { margin: 6px 0 0; padding-left: 20px; }
.alert-error { background: var(--error-bg); color: var(--error); border: 1px solid #f3b5ae; }
.home .intro p { color: var(--muted); margin: 0 0 14px; max-width: 60em; }
.step { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; margin-bottom: 16px; }
.step-no { display: inline-flex; align-items: center; justify-content: center; width: 24px; height: 24px; border-radius: 50%;
  background: var(--primary); color: var(--primary-ink); font-size: 14px; margin-right: 8px; vertical-align: 1px; }
.home-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; align-items: start; }
.home-grid .step { margin-bottom: 0; }
.home-left { display: flex; flex-direction: column; gap: 16px; }
.step-upload { position: sticky; top: 8px; }
.kinds { display: grid; grid-template-columns: 1fr; gap: 8px; border: 0; padding: 0; margin: 0; }
.kind { display: grid; grid-template-columns: auto 1fr; column-gap: 8px; border: 1px solid var(--line); border-radius: 8px; padding: 6px 12px; cursor: pointer; }
.kind input { grid-row: span 2; margin-top: 5px; }
.kind-name { font-weight: 600; }
.kind-what { color: var(--muted); font-size: 13px; }
.kind:has(input:checked) { border-color: var(--primary); box-shadow: 0 0 0 1px var(--primary); background: #f3f7fd; }
.panel h3:first-child { margin-top: 0; }
.js .panel[hidden] { display: none; }
.inline-form { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: end; }
.inline-form label { display: flex; flex-direction: column; font-size: 13px; color: var(--muted); }
input[type=text], input:not([type]), input[type=password] { font: inherit; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; min-width: 8em; }
input[name=year] { width: 7em; min-width: 0; }
input[type=file] { font: inherit; font-size: 14px; max-width: 100%; }
.examples { padding-left: 20px; }
.field { margin-bottom: 12px; }
.field > label { display: block; font-weight: 600; margin-bottom: 4px; }
.req { color: var(--error); font-weight: 400; font-size: 13px; }
.opt { color: var(--muted); font-weight: 400; font-size: 13px; }
.progress { margin-top: 14px; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: #fafbfc; }
.progress .bar { height: 6px; background: #e5e9f0; border-radius: 3px; overflow: hidden; }
.progress .bar span { display: block; height: 100%; width: 0; background: var(--primary); transition: width .2s; }
.progress .bar.indeterminate span { width: 35%; animation: slide 1.2s ease-in-out infinite; }
@keyframes slide { from { margin-left: -35%; } to { margin-left: 100%; } }
@media (prefers-reduced-motion: reduce) { .progress .bar.indeterminate span { animation: none; width: 100%; opacity: .5; } }
.stages { list-style: none; padding: 0; margin: 10px 0 0; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 13px; color: var(--muted); }
.stages li::before { content: "○ "; }
.stages li.done { color: var(--ok); }
.stages li.done::before { content: "✓ "; }
.stages li.current { color: var(--ink); font-weight: 600; }
.stages li.current::before { content: "● "; color: var(--primary); }
.progress-text { margin: 6px 0 0; font-size: 13px; }
.login, .error-page { max-width: 560px; margin: 40px auto; background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 24px 28px; }
.login form { display: flex; flex-direction: column; gap: 8px; align-items: start; }
.login input { width: 100%; }

/* Results */
.res-head { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 20px; margin-bottom: 16px; }
.res-head h1 { font-size: 20px; }
.kind-tag { margin: 0; color: var(--muted); font-size: 13px; }
.files { color: var(--muted); font-size: 13px; margin: 0 0 8px; }
.style-used { font-size: 13px; margin: 0 0 8px; }
.status { border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
.status-ok { background: var(--ok-bg); color: var(--ok); }
.status-draft { background: var(--warn-bg); color: var(--warn); }
.status-fail { background: var(--error-bg); color: var(--error); }
.downloads { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0 4px; align-items: center; }
.downloads .na { color: var(--muted); font-size: 13px; border: 1px dashed var(--line); border-radius: 6px; padding: 6px 10px; }
.res-body { display: grid; grid-template-columns: minmax(340px, 34%) 1fr; gap: 16px; align-items: start; }
.no-preview .res-body, .no-issues .res-body { grid-template-columns: 1fr; }
.issues-pane, .preview-pane { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; min-width: 0; }
.issues-pane { position: sticky; top: 8px; max-height: calc(100vh - 16px); overflow: auto; }
.no-preview .issues-pane { position: static; max-height: none; }
.issues-pane .count { color: var(--muted); font-weight: 400; font-size: 14px; }
.sev-head { margin: 12px 0 4px; font-size: 15px; }
.sev-error { color: var(--error); }
.sev-warning { color: var(--warn); }
.group-head { margin: 10px 0 4px; font-size: 13px; font-weight: 600; color: var(--muted); display: flex; gap: 8px; justify-content: space-between; }
.group-n { font-weight: 400; white-space: nowrap; }
.issues { list-style: none; padding: 0; margin: 0; }
.issue { border-left: 4px solid var(--line); padding: 6px 10px; margin: 6px 0; background: #fbfbfc; border-radius: 0 6px 6px 0; }
.issue-error { border-left-color: var(--error); }
.issue-warning { border-left-color: #d4a017; }
.issue:target { box-shadow: 0 0 0 2px var(--focus); }
.issue-head { font-size: 13px; display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: baseline; }
.badge { font-size: 12px; border-radius: 4px; padding: 0 6px; color: #fff; white-space: nowrap; }
.badge-error { background: var(--error); }
.badge-warning { background: #b7791f; }
.place-where { font-weight: 600; }
.place-file { color: var(--muted); }
.place-field { color: var(--ink); }
.place-path, .code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; color: var(--muted); word-break: break-all; }
.issue-msg { margin: 4px 0; font-size: 14px; }
.issue-ea, .issue-fix { margin: 2px 0; font-size: 13px; }
.issue-foot { margin: 2px 0 0; font-size: 12px; display: flex; gap: 12px; align-items: baseline; }
.involves { font-size: 13px; margin: 2px 0; }
.involves ul { margin: 4px 0; padding-left: 18px; }
.ok-note { color: var(--ok); }
.legend { font-size: 13px; color: var(--muted); margin: 0 0 10px; }
.fig-sample { border-bottom: 2px dotted var(--primary); color: var(--ink); padding: 0 2px; }

/* The report, as paper */
.paper { background: #fff; border: 1px solid #e3e6ea; box-shadow: 0 1px 3px rgba(0,0,0,.06); margin: 0 auto; max-width: 46em;
  padding: 40px 56px; font-family: "FangSong", "仿宋", "FangSong_GB2312", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  font-size: 17px; line-height: 1.85; color: #111; }
.paper p { margin: 0; text-indent: 2em; }
.paper .b-title { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", serif; font-weight: 700; font-size: 24px; line-height: 1.5;
  text-align: center; margin: 18px 2em 12px; }
.paper .b-subtitle, .paper .b-speaker { text-align: center; text-indent: 0; font-family: "KaiTi", "楷体", "Noto Serif CJK SC", serif; }
.paper .b-speaker { margin-bottom: 12px; }
.paper .b-meeting p { text-indent: 0; }
.paper .b-addressee, .paper .b-salutation { text-indent: 0; }
.paper .b-signature, .paper .b-date { text-align: right; padding-right: 2em; }
.paper .b-heading { margin: 0; font-size: inherit; text-indent: 2em; font-weight: 400; }
.paper .h1 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; }
.paper .b-heading.h2, .paper .runin.h2 .hd { font-family: "KaiTi", "楷体", "Noto Serif CJK SC", serif; }
.paper .runin.h1 .hd { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; }
.paper .b-attnote { margin-top: 1.85em; padding-left: 2em; display: flex; }
.paper .b-attnote .lbl { white-space: nowrap; }
.paper .b-attnote ol { list-style: none; margin: 0; padding: 0; }
.paper .b-attlabel { text-indent: 0; font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; }
.page-break { border: 0; border-top: 1px dashed #b8bec6; margin: 28px -56px 20px; text-align: center; height: 0; }
.page-break span { position: relative; top: -0.8em; background: #fff; padding: 0 8px; font-size: 12px; color: #8b949e; font-family: sans-serif; }
.b-table { margin: 16px 0; }
.b-table figcaption { text-align: center; font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 18px; }
.b-table .unit { text-align: right; font-size: 14px; }
.table-scroll { overflow-x: auto; }
.b-table table { border-collapse: collapse; width: 100%; font-size: 14px; line-height: 1.5; }
.b-table th, .b-table td { border: 1px solid #333; padding: 3px 6px; vertical-align: middle; }
.b-table th { font-weight: 600; background: #f6f6f6; }
.al-right { text-align: right; font-variant-numeric: tabular-nums; }
.al-center { text-align: center; }
.al-left { text-align: left; }
.ind-1 { padding-left: 1.4em !important; } .ind-2 { padding-left: 2.4em !important; } .ind-3 { padding-left: 3.4em !important; }
.ind-4 { padding-left: 4.4em !important; } .ind-5 { padding-left: 5.4em !important; } .ind-6 { padding-left: 6.4em !important; }
.b-table .note { font-size: 14px; text-indent: 0; }

/* Figures and their sources */
.fig { position: relative; border-bottom: 2px dotted var(--primary); cursor: help; border-radius: 2px; }
.fig:hover, .fig:focus { background: #e8f0fe; outline: none; }
.fig:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }
.fig-error { background: #fde2df; border-bottom: 2px solid var(--error); color: #8a1c12; }
.fig-warning { background: #fff1c2; border-bottom: 2px solid #d4a017; }
.fig-error:hover, .fig-error:focus { background: #f9c6bf; }
.fig-warning:hover, .fig-warning:focus { background: #ffe08a; }
.fig.flash { animation: flash 1.2s ease-out 2; }
@keyframes flash { 50% { box-shadow: 0 0 0 4px var(--focus); } }
.commented { text-decoration: underline wavy #d4a017; text-underline-offset: 4px; }
.tip { display: none; position: absolute; left: 0; bottom: calc(100% + 6px); z-index: 20; width: max-content; max-width: 30em; }
.tip, #tooltip { background: #1f2328; color: #f6f8fa; border-radius: 6px; padding: 8px 10px; font: 13px/1.55 "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
  text-indent: 0; text-align: left; box-shadow: 0 4px 14px rgba(0,0,0,.25); font-weight: 400; }
.fig:hover > .tip, .fig:focus > .tip { display: block; }
.js .fig > .tip { display: none !important; }
#tooltip { position: fixed; z-index: 50; max-width: min(30em, calc(100vw - 16px)); pointer-events: none; }
#tooltip[hidden] { display: none; }
.tip-head { display: block; font-size: 12px; color: #9ba7b4; }
.src-inputs { display: block; padding-left: 12px; }
.src-input { display: block; }
.src-input::before { content: "· "; color: #9ba7b4; }
.src-calc { color: #ffd78a; }
.src-where { color: #8fd0ff; font-weight: 600; }
.src-prev, .src-file { color: #c9b3ff; }
.tip-issues { display: block; margin-top: 6px; border-top: 1px solid #444c56; padding-top: 4px; }
.tip-issue { display: block; }
.tip-issue a { color: #ffb4a8; font-weight: 600; text-decoration: none; }
.tip-warning a { color: #ffd78a; }

@media (max-width: 1100px) {
  .res-body { grid-template-columns: 1fr; }
  .issues-pane { position: static; max-height: none; }
}
@media (max-width: 860px) {
  .home-grid { grid-template-columns: 1fr; }
  .step-upload { position: static; }
  .paper { padding: 24px 20px; }
  .page-break { margin-left: -20px; margin-right: -20px; }
  main { padding: 12px; }
}
@media (min-width: 1600px) {
  :root { font-size: 16px; }
  .paper { font-size: 18px; }
}
`;

export const JS = `'use strict';
(function () {
  document.documentElement.classList.add('js');
  var $ = function (sel, root) { return (root || document).querySelector(sel); };
  var $$ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
  var mb = function (n) { return Math.round(n / 1048576) + ' MB'; };

  // Report kind: show the matching download panel.
  function showKind() {
    var checked = $('input[name=kind]:checked');
    if (!checked) return;
    $$('.panel[data-kind]').forEach(function (p) { p.hidden = p.getAttribute('data-kind') !== checked.value; });
  }
  $$('input[name=kind]').forEach(function (r) { r.addEventListener('change', showKind); });
  showKind();

  // Files over the limit are refused here, before they are sent.
  function tooBig(form) {
    var max = Number(form.getAttribute('data-max') || 0);
    var big = $$('input[type=file]', form).reduce(function (acc, input) {
      return acc.concat(Array.prototype.slice.call(input.files || []).filter(function (f) { return max && f.size > max; }));
    }, []);
    return big.length ? '“' + big[0].name + '”有 ' + mb(big[0].size) + '，超过了每个文件 ' + mb(max) + ' 的上限。数据工作簿通常不到 1 MB：请确认选对了文件。' : '';
  }
  $$('form[data-max]').forEach(function (form) {
    if (form.id === 'build-form') return;
    form.addEventListener('submit', function (e) {
      var msg = tooBig(form);
      if (msg) { e.preventDefault(); alert(msg); }
    });
  });

  // The build: upload with progress, then the build's stages until the result page.
  var form = $('#build-form');
  if (form) {
    var progress = $('#progress'), bar = $('#progress .bar'), fill = $('#progress .bar span'), text = $('#progress .progress-text');
    var errorBox = $('#form-error'), submit = $('#build-submit');
    var ORDER = ['upload', 'queued', 'read', 'compose', 'pack'];
    var stage = function (name, message) {
      var at = ORDER.indexOf(name);
      $$('.stages li', progress).forEach(function (li, i) {
        li.className = i < at ? 'done' : i === at ? 'current' : '';
        if (i === at) li.setAttribute('aria-current', 'step'); else li.removeAttribute('aria-current');
      });
      if (message) text.textContent = message;
    };
    var fail = function (message) {
      progress.hidden = true;
      errorBox.textContent = message;
      errorBox.hidden = false;
      submit.disabled = false;
      errorBox.focus();
    };
    var poll = function (url) {
      var xhr = new XMLHttpRequest();
      xhr.open('GET', url);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.onload = function () {
        var s;
        try { s = JSON.parse(xhr.responseText); } catch (e) { return fail('服务器返回了无法识别的内容，请重试。'); }
        if (xhr.status !== 200) return fail((s.error && s.error.message) || '处理失败，请重试。');
        if (s.state === 'done') { stage('pack', '完成，正在打开结果……'); location.href = s.result; return; }
        if (s.state === 'failed') return fail(s.error.title + '：' + s.error.message);
        if (s.state === 'queued') stage('queued', '排队等待处理……');
        else stage(s.stage || 'read', s.stageLabel || '正在处理……');
        setTimeout(function () { poll(url); }, 400);
      };
      xhr.onerror = function () { fail('与服务器的连接中断，请重试。'); };
      xhr.send();
    };
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      errorBox.hidden = true;
      if (!$('#dataset').files.length) return fail('请选择数据文件（.xlsx 工作簿或 .json 数据文件）。');
      var msg = tooBig(form);
      if (msg) return fail(msg);
      submit.disabled = true;
      progress.hidden = false;
      progress.scrollIntoView({ block: 'nearest' });
      bar.classList.remove('indeterminate');
      fill.style.width = '0%';
      stage('upload', '正在上传……');
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = function (ev) {
        if (ev.lengthComputable) {
          fill.style.width = Math.round((ev.loaded / ev.total) * 100) + '%';
          text.textContent = '正在上传 ' + Math.round((ev.loaded / ev.total) * 100) + '%';
        }
      };
      xhr.upload.onload = function () { bar.classList.add('indeterminate'); stage('queued', '上传完成，等待处理……'); };
      xhr.onload = function () {
        var r;
        try { r = JSON.parse(xhr.responseText); } catch (err) { return fail('服务器返回了无法识别的内容（状态 ' + xhr.status + '），请重试。'); }
        if (xhr.status === 202) { bar.classList.add('indeterminate'); poll(r.status); return; }
        fail(r.error ? r.error.title + '：' + r.error.message : '上传失败，请重试。');
      };
      xhr.onerror = function () { fail('上传中断：与服务器的连接断开，请重试。'); };
      xhr.send(new FormData(form));
    });
  }

  // Figure sources: one floating tooltip, placed within the window (never clipped by a table).
  var tip = document.createElement('div');
  tip.id = 'tooltip';
  tip.setAttribute('aria-hidden', 'true');
  tip.hidden = true;
  document.body.appendChild(tip);
  var shownFor = null;
  function show(fig) {
    var src = fig.querySelector('.tip');
    if (!src) return;
    shownFor = fig;
    tip.innerHTML = src.innerHTML;
    tip.hidden = false;
    var r = fig.getBoundingClientRect(), t = tip.getBoundingClientRect();
    var left = Math.max(8, Math.min(r.left, window.innerWidth - t.width - 8));
    var top = r.top - t.height - 8;
    if (top < 8) top = r.bottom + 8;
    tip.style.left = left + 'px';
    tip.style.top = top + 'px';
  }
  function hide() { tip.hidden = true; shownFor = null; }
  document.addEventListener('mouseover', function (e) {
    var fig = e.target.closest && e.target.closest('.fig');
    if (fig && fig !== shownFor) show(fig);
    else if (!fig && shownFor && document.activeElement !== shownFor) hide();
  });
  document.addEventListener('focusin', function (e) {
    var fig = e.target.closest && e.target.closest('.fig');
    if (fig) show(fig); else hide();
  });
  document.addEventListener('focusout', function (e) { if (e.target === shownFor) hide(); });
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape') hide(); });
  window.addEventListener('scroll', function () { if (shownFor) show(shownFor); }, { passive: true });

  // "在预览中查看": focus the figure (its tooltip shows) and make it flash.
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a[data-focus]');
    if (a) {
      var fig = document.getElementById(a.getAttribute('data-focus'));
      if (fig) {
        e.preventDefault();
        fig.scrollIntoView({ block: 'center' });
        fig.focus({ preventScroll: true });
        fig.classList.remove('flash'); void fig.offsetWidth; fig.classList.add('flash');
      }
    }
    var slow = e.target.closest && e.target.closest('a[data-slow]');
    if (slow) {
      var note = document.createElement('span');
      note.className = 'hint';
      note.setAttribute('role', 'status');
      note.textContent = slow.getAttribute('data-slow');
      slow.parentNode.appendChild(note);
      setTimeout(function () { note.remove(); }, 20000);
    }
  });
})();
`;
