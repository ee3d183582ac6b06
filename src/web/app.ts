import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { availableParallelism } from 'node:os';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import { packageRoot } from '../load/package-root';
import { WORKBOOK_ZIP_LIMITS } from '../load/sniff';
import type { Issue } from '../model/issue';
import { docxBytesToPdf, findLibreOfficeAsync, INSTALL_HINT } from '../write/pdf';
import { describePlace } from '../model/issue';
import { documentName, type BuildStage, type UploadFile } from './build';
import { CSS, JS } from './assets';
import { hostName, isLoopback, safeNext, sameSecret, SESSION_COOKIE, sessionValue } from './auth';
import { JobStore, TaskFailed, TaskRunner, type Job, type TaskLimits } from './jobs';
import { receiveUploads, UploadRefused, type UploadLimits } from './uploads';
import { adoptPage, errorPage, homePage, KIND_INFO, layout, loginPage, type PageChrome } from './views';
import type { WebAdoptResult } from './adopt';
import { html } from './html';

/**
 * The web page's server (fastify): routes, access control, uploads, downloads. Builds run in worker
 * threads (jobs.ts) with the same pipeline as the CLI; pages are rendered on the server (views.ts).
 */

export interface WebLimits extends UploadLimits, TaskLimits {
  /** A request announcing a body larger than this is refused at once (smaller ones are read, and files over maxFileBytes dropped). */
  maxRequestBytes: number;
  /** A workbook may inflate to this many bytes at most (zip bombs). */
  maxInflated: number;
  maxZipEntries: number;
  /** Results kept for their downloads: how many, and how long. */
  keepResults: number;
  resultTtlMs: number;
}

export const DEFAULT_LIMITS: WebLimits = {
  maxFileBytes: 20 * 1048576,
  maxFiles: 12,
  maxRequestBytes: 1024 * 1048576,
  maxInflated: WORKBOOK_ZIP_LIMITS.maxInflated,
  maxZipEntries: WORKBOOK_ZIP_LIMITS.maxEntries,
  memoryMb: 1024,
  timeoutMs: 180_000,
  concurrency: Math.max(1, availableParallelism()),
  // What a bureau's writers send at once (a few dozen, each with one upload in flight); each waits
  // with its files in memory (at most maxFiles × maxFileBytes, usually well under 1 MB).
  maxQueued: 100,
  idleMs: 60_000,
  // Results of what a bureau's writers send at once and a while after (the DOCX and the gzipped
  // result page, about 100 KB, and the uploads, for the audit files made on request; build.ts
  // servedResult, runWebAudit).
  keepResults: 200,
  resultTtlMs: 2 * 3600_000,
};

export interface WebOptions {
  /** Access token: every request must carry it (login page → cookie, or a Bearer header). */
  token?: string;
  limits?: Partial<WebLimits>;
  /** The LibreOffice binary; null: none (no PDF); undefined: looked for at start. */
  soffice?: string | null;
  /** Fastify's logger (pino): false, or the level to log at. */
  logger?: false | { level: string };
}

const STAGE_LABELS: Record<BuildStage, string> = { read: '正在读取数据文件……', compose: '正在校验数据、排版报告……', pack: '正在生成 DOCX……' };

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** attachment; filename="report.docx"; filename*=UTF-8''关于….docx */
function disposition(name: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const wantsJson = (req: FastifyRequest) => (req.headers.accept ?? '').includes('application/json');

/** The example datasets shipped in data/, by file name: the only files a client may ask for by name. */
function examples(): { name: string; kind: string; title: string; file: string }[] {
  const dir = join(packageRoot(), 'data');
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .flatMap((name) => {
        try {
          const raw = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { kind?: string; meta?: { district?: string; year?: number } };
          if (!raw.kind) return [];
          return [{ name, kind: raw.kind, title: `${raw.meta?.district ?? ''}${raw.meta?.year ?? ''}年`, file: join(dir, name) }];
        } catch {
          return [];
        }
      });
  } catch {
    return [];
  }
}

/** Whether an Accept-Encoding header takes gzip (named, or by *, and not with q=0). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  let star = false;
  for (const item of value.split(',')) {
    const [name = '', ...params] = item.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(p)).find(Boolean);
    const ok = !q || Number(q[1]) > 0;
    if (name.trim() === 'gzip' || name.trim() === 'x-gzip') return ok;
    if (name.trim() === '*') star = ok;
  }
  return star;
}

/** What an app runs its builds with, for tests and the benchmark (warm threads started, results held). */
export const appInternals = new WeakMap<FastifyInstance, { runner: TaskRunner; jobs: JobStore; limits: WebLimits }>();

export async function createApp(options: WebOptions = {}): Promise<FastifyInstance> {
  const limits: WebLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const token = options.token || undefined;
  const chrome: PageChrome = { auth: !!token };
  const runner = new TaskRunner(limits);
  let app: FastifyInstance | undefined;
  const jobs = new JobStore(runner, { max: limits.keepResults, ttlMs: limits.resultTtlMs }, (e) => app?.log.error({ reason: e.reason, detail: e.detail }, 'build failed'));
  const zip = { maxInflated: limits.maxInflated, maxEntries: limits.maxZipEntries };
  const soffice: Promise<string | null> = options.soffice !== undefined ? Promise.resolve(options.soffice) : findLibreOfficeAsync().catch(() => null);
  const shipped = examples();
  // One LibreOffice conversion at a time.
  let pdfChain: Promise<unknown> = Promise.resolve();

  app = Fastify({ logger: options.logger ?? false, requestTimeout: 15 * 60_000, bodyLimit: 64 * 1024, trustProxy: false });
  appInternals.set(app, { runner, jobs, limits });
  app.addHook('onClose', async () => {
    jobs.close();
    await runner.close();
  });
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: 16 * 1024 });
  await app.register(fastifyMultipart, { throwFileSizeLimit: false });

  /**
   * A body kept gzipped (a result page, an audit file): sent as it is when the client accepts gzip
   * (every browser does), unpacked when it does not.
   */
  const sendGzipped = (req: FastifyRequest, reply: FastifyReply, gz: Uint8Array) => {
    const bytes = Buffer.from(gz.buffer, gz.byteOffset, gz.byteLength);
    reply.header('Vary', 'Accept-Encoding');
    return acceptsGzip(req.headers['accept-encoding']) ? reply.header('Content-Encoding', 'gzip').send(bytes) : reply.send(gunzipSync(bytes));
  };
  const page = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').send(body);
  const refuse = (req: FastifyRequest, reply: FastifyReply, status: number, title: string, message: string, details: string[] = []) =>
    wantsJson(req) ? reply.code(status).send({ error: { title, message, details } }) : page(reply, status, errorPage(chrome, title, message, details));

  // ── Every request: security headers, the host, the token ────────────────────────────────────
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('Content-Security-Policy', CSP);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    // Not no-referrer: with it a browser sends "Origin: null" for this site's own forms, and a null
    // origin is refused above. same-origin sends nothing to other sites.
    reply.header('Referrer-Policy', 'same-origin');
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
    return payload;
  });

  app.addHook('onRequest', async (req, reply) => {
    // Without a token the server is for this machine only: a page from elsewhere that points a
    // name at 127.0.0.1 (DNS rebinding) is refused by the Host it sends.
    if (!token && !isLoopback(hostName(req.headers.host))) return refuse(req, reply, 403, '拒绝访问', '这个服务只接受本机访问（地址 127.0.0.1 或 localhost）。');
    if (req.method === 'POST') {
      // A browser names where a form was posted from. "null" is a page without an origin of its
      // own (a local file, a sandboxed frame, a page another site redirected): as foreign as any
      // other site. Our own pages send their origin (Referrer-Policy same-origin, below; with
      // no-referrer a browser would send "null" for them too).
      const origin = req.headers.origin;
      if (origin !== undefined) {
        let same = false;
        try {
          same = origin !== 'null' && new URL(origin).host === (req.headers.host ?? '');
        } catch {
          same = false;
        }
        if (!same)
          return refuse(req, reply, 403, '拒绝访问', origin === 'null' ? '请求的来源不明（来自本地文件、受限的框架或其他网站的跳转），已拒绝。请直接在本页面上传。' : '请求来自其他网站，已拒绝。请直接在本页面上传。');
      }
      const length = Number(req.headers['content-length'] ?? 0);
      if (length > limits.maxRequestBytes) {
        reply.header('Connection', 'close');
        return refuse(req, reply, 413, '文件太大', `上传的内容有 ${Math.round(length / 1048576)} MB，超过了上限。每个文件不超过 ${Math.round(limits.maxFileBytes / 1048576)} MB，数据工作簿通常不到 1 MB：请确认选对了文件。`);
      }
    }
    if (!token) return;
    const path = req.url.split('?')[0]!;
    if (path === '/login' || path.startsWith('/static/')) return;
    if (sameSecret(req.cookies[SESSION_COOKIE] ?? '', sessionValue(token))) return;
    const auth = req.headers.authorization ?? '';
    if (auth.startsWith('Bearer ') && sameSecret(auth.slice(7).trim(), token)) return;
    if (req.method === 'GET' && !wantsJson(req)) return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
    return refuse(req, reply, 401, '需要登录', '请先在登录页输入访问令牌。');
  });

  const receive = (req: FastifyRequest, fields: Parameters<typeof receiveUploads>[1]) => receiveUploads(req, fields, limits);

  app.setErrorHandler(async (err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof UploadRefused) return refuse(req, reply, err.status, err.title, err.message);
    if (err instanceof TaskFailed) {
      if (err.reason !== 'busy') req.log.error({ reason: err.reason, detail: err.detail }, 'task failed');
      return refuse(req, reply, err.reason === 'busy' ? 503 : 422, '无法处理', err.message);
    }
    if (err.statusCode === 413) return refuse(req, reply, 413, '内容太大', '提交的内容超过了上限。');
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return refuse(req, reply, err.statusCode, '请求不正确', '请通过本网页的表单提交。');
    req.log.error(err);
    return refuse(req, reply, 500, '服务器出错', '处理请求时出错，已记录。请重试；如反复出现，请联系管理员。');
  });
  app.setNotFoundHandler(async (req, reply) => refuse(req, reply, 404, '页面不存在', '没有这个页面。'));

  // ── Pages ───────────────────────────────────────────────────────────────────────────────────
  app.get('/', async (_req, reply) => page(reply, 200, homePage(chrome, { examples: shipped, maxFileBytes: limits.maxFileBytes })));

  app.get('/static/app.css', async (_req, reply) => reply.type('text/css; charset=utf-8').header('Cache-Control', 'no-cache').send(CSS));
  app.get('/static/app.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'no-cache').send(JS));

  app.get('/login', async (req, reply) => {
    const q = req.query as { next?: string };
    if (!token) return reply.redirect('/', 303);
    return page(reply, 200, loginPage(safeNext(q.next), false));
  });
  app.post('/login', async (req, reply) => {
    const body = (req.body ?? {}) as { token?: unknown; next?: unknown };
    if (!token) return reply.redirect('/', 303);
    if (typeof body.token === 'string' && sameSecret(body.token.trim(), token)) {
      reply.setCookie(SESSION_COOKIE, sessionValue(token), { httpOnly: true, sameSite: 'strict', path: '/', maxAge: 12 * 3600 });
      return reply.redirect(safeNext(body.next), 303);
    }
    // A wrong token costs a moment: guessing is slow.
    await new Promise((r) => setTimeout(r, 500));
    return page(reply, 401, loginPage(safeNext(body.next), true));
  });
  app.post('/logout', async (_req, reply) => {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect(token ? '/login' : '/', 303);
  });

  app.get('/examples/:name', async (req, reply) => {
    const { name } = req.params as { name: string };
    const hit = shipped.find((e) => e.name === name);
    if (!hit) return refuse(req, reply, 404, '没有这个示例', '请从上传页的列表中选择示例。');
    return reply.type('application/json; charset=utf-8').header('Content-Disposition', disposition(hit.name, 'example.json')).send(readFileSync(hit.file));
  });

  // ── Workbooks ───────────────────────────────────────────────────────────────────────────────
  app.get('/workbook/blank', async (req, reply) => {
    const q = req.query as { kind?: string; district?: string; year?: string };
    const kind = KIND_INFO.find((k) => k.kind === (q.kind ?? 'final-accounts'));
    if (!kind?.workbook) return refuse(req, reply, 400, '没有这类报告的工作簿', `${kind?.name ?? '这类报告'}用 JSON 数据文件填写，请下载示例改写。`);
    const district = (q.district ?? '').trim().slice(0, 20) || undefined;
    const yearText = (q.year ?? '').trim();
    if (yearText && !/^\d{4}$/.test(yearText)) return refuse(req, reply, 400, '年度不正确', `年度应为四位数字，如 2024，实为“${yearText}”。`);
    const made = await runner.run<{ bytes: Uint8Array; name: string }>({ type: 'blank', kind: kind.kind, ...(district ? { district } : {}), ...(yearText ? { year: Number(yearText) } : {}) });
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', disposition(made.name, 'workbook.xlsx'))
      .send(Buffer.from(made.bytes.buffer, made.bytes.byteOffset, made.bytes.byteLength));
  });

  const exportFailed = (req: FastifyRequest, reply: FastifyReply, name: string, issues: Issue[]) =>
    refuse(req, reply, 422, '无法导出工作簿', `“${name}”有 ${issues.length} 处问题，未导出工作簿：`, issues.slice(0, 30).map((i) => `${describePlace(i.place)}：${i.message}`));

  const sendExport = async (req: FastifyRequest, reply: FastifyReply, file: UploadFile) => {
    const r = await runner.run<{ bytes: Uint8Array; name: string } | { issues: Issue[] }>({ type: 'export', file, zip });
    if ('issues' in r) return exportFailed(req, reply, file.name, r.issues);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', disposition(r.name, 'workbook.xlsx'))
      .send(Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength));
  };

  app.post('/workbook/export', async (req, reply) => {
    const { files } = await receive(req, { dataset: { max: 1, label: '数据文件' } });
    const file = files.get('dataset')?.[0];
    if (!file) return refuse(req, reply, 400, '没有选择文件', '请选择上年的数据文件（.json 或 .xlsx）。');
    return sendExport(req, reply, file);
  });

  // ── Builds ──────────────────────────────────────────────────────────────────────────────────
  app.post('/build', async (req, reply) => {
    const { files } = await receive(req, {
      dataset: { max: 1, label: '数据文件' },
      previous: { max: 1, label: '上年数据' },
      style: { max: 1, label: '格式文件' },
      attachments: { max: limits.maxFiles - 3, label: '附件报告文件' },
    });
    const dataset = files.get('dataset')?.[0];
    if (!dataset) return refuse(req, reply, 400, '没有选择数据文件', '请选择数据文件：填好的工作簿（.xlsx）或 JSON 数据文件（.json）。');
    let previous = files.get('previous')?.[0];
    // Two files of one name would be told apart by nothing in the messages.
    if (previous && previous.name === dataset.name) previous = { ...previous, name: previous.name.replace(/(\.[^.]*)?$/, '（上年）$1') };
    const style = files.get('style')?.[0];
    const job = jobs.start({ dataset, ...(previous ? { previous } : {}), ...(style ? { style } : {}), attachments: files.get('attachments') ?? [], zip }, { chrome, pdf: !!(await soffice), pdfHint: INSTALL_HINT });
    if (wantsJson(req)) return reply.code(202).send({ id: job.id, status: `/jobs/${job.id}`, result: `/r/${job.id}` });
    await job.finished;
    return reply.redirect(`/r/${job.id}`, 303);
  });

  app.get('/jobs/:id', async (req, reply) => {
    const job = jobs.get((req.params as { id: string }).id);
    if (!job) return reply.code(404).send({ error: { title: '结果不存在', message: '结果不存在或已过期（保留约两小时），请重新上传。' } });
    return reply.send({
      state: job.state,
      ...(job.stage ? { stage: job.stage, stageLabel: STAGE_LABELS[job.stage] } : {}),
      result: `/r/${job.id}`,
      ...(job.failure ? { error: { title: '无法处理', message: job.failure.message } } : {}),
    });
  });

  const findJob = (req: FastifyRequest, reply: FastifyReply): Job | null => {
    const job = jobs.get((req.params as { id: string }).id);
    if (!job) {
      void refuse(req, reply, 404, '结果不存在', '结果不存在或已过期（保留约两小时）：请重新上传数据文件。');
      return null;
    }
    return job;
  };

  app.get('/r/:id', async (req, reply) => {
    const job = findJob(req, reply);
    if (!job) return reply;
    if (job.state === 'queued' || job.state === 'running') {
      return page(
        reply,
        200,
        layout('正在处理', chrome, html`<div class="error-page"><h1>正在处理</h1><p role="status">${job.stage ? STAGE_LABELS[job.stage] : '排队等待处理……'}本页会自动刷新。</p><meta http-equiv="refresh" content="2"></div>`),
      );
    }
    if (job.state === 'failed' || !job.result) return refuse(req, reply, 422, '无法处理', job.failure?.message ?? '处理失败，请重试。');
    // Rendered (and gzipped) in the build's thread (build.ts servedResult).
    return sendGzipped(req, reply.code(200).type('text/html; charset=utf-8'), job.result.pageGz);
  });

  const doneJob = (req: FastifyRequest, reply: FastifyReply) => {
    const job = findJob(req, reply);
    if (!job) return null;
    if (!job.result?.hasDoc) {
      void refuse(req, reply, 404, '没有可下载的文件', '这次上传的数据有错误，未能生成报告：请按结果页的提示修改后重新上传。');
      return null;
    }
    return job as Job & { result: NonNullable<Job['result']> };
  };

  app.get('/r/:id/docx', async (req, reply) => {
    const job = doneJob(req, reply);
    if (!job) return reply;
    const r = job.result;
    const name = `${documentName(r)}.docx`;
    const bytes = r.docx!;
    return reply
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('Content-Disposition', disposition(name, r.draft ? 'draft.docx' : 'report.docx'))
      .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });

  app.get('/r/:id/pdf', async (req, reply) => {
    const job = doneJob(req, reply);
    if (!job) return reply;
    if (job.result.draft) return refuse(req, reply, 404, '草稿不提供 PDF', '草稿供在 Word 或 WPS 中对照批注修改数据：请修改数据后重新上传，生成正式稿后再下载 PDF。');
    const bin = await soffice;
    if (!bin) return refuse(req, reply, 503, '无法生成 PDF', `本机未安装 LibreOffice。${INSTALL_HINT}`);
    const docx = job.result.docx!;
    job.pdf ??= (pdfChain = pdfChain.catch(() => undefined).then(() => docxBytesToPdf(docx, { soffice: bin }))) as Promise<Buffer>;
    let pdf: Buffer;
    try {
      pdf = await job.pdf;
    } catch (e) {
      job.pdf = undefined;
      req.log.error(e);
      return refuse(req, reply, 500, '无法生成 PDF', `LibreOffice 转换失败：${e instanceof Error ? e.message : String(e)}`);
    }
    return reply.type('application/pdf').header('Content-Disposition', disposition(`${documentName(job.result)}.pdf`, 'report.pdf')).send(pdf);
  });

  // The numbers audit (JSON for programs, a workbook a writer opens: each number, where it stands,
  // its value and source), made in a worker from the result's uploads on the first request.
  const audit = (format: 'json' | 'xlsx') => async (req: FastifyRequest, reply: FastifyReply) => {
    const job = doneJob(req, reply);
    if (!job) return reply;
    const made = (job.audit ??= {});
    const pending = (made[format] ??= runner.run<{ bytes: Uint8Array } | null>({ type: 'audit', request: job.request, format }, { always: true }).then((r) => r?.bytes ?? null));
    let bytes: Uint8Array | null;
    try {
      bytes = await pending;
    } catch (e) {
      // Not kept: the next request tries again. The report was made from these very files, so the
      // upload's messages (a damaged file…) would mislead: said for the audit instead.
      if (made[format] === pending) delete made[format];
      if (!(e instanceof TaskFailed)) throw e;
      if (e.reason !== 'busy') req.log.error({ reason: e.reason, detail: e.detail }, 'audit task failed');
      return refuse(req, reply, 503, '数字来源表暂时无法生成', e.reason === 'busy' ? '服务器正在停止或重新启动：请稍后刷新结果页再下载。' : '生成数字来源表时服务器出错（不是数据填写的问题），报告本身不受影响：请稍后再点一次下载；如反复出现，请联系管理员。');
    }
    if (!bytes) return refuse(req, reply, 404, '没有数字来源表', '这次生成没有得到报告，因此没有数字来源表：请按问题列表修改数据后重新上传。');
    const docName = documentName(job.result);
    const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return format === 'json'
      ? sendGzipped(req, reply.type('application/json; charset=utf-8').header('Content-Disposition', disposition(`${docName}.audit.json`, 'audit.json')), body)
      : reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('Content-Disposition', disposition(`${docName}（数字来源表）.xlsx`, 'audit.xlsx')).send(body);
  };
  app.get('/r/:id/audit.json', audit('json'));
  app.get('/r/:id/audit.xlsx', audit('xlsx'));

  // ── Adopt: last year's report and data → the district's style file ───────────────────────────
  const adopted = new Map<string, { name: string; style: string; at: number }>();
  app.post('/adopt', async (req, reply) => {
    const { files } = await receive(req, {
      report: { max: 1, label: '去年的报告' },
      dataset: { max: 1, label: '去年的数据' },
      attachments: { max: limits.maxFiles - 2, label: '附件报告文件' },
    });
    const report = files.get('report')?.[0];
    const dataset = files.get('dataset')?.[0];
    if (!report) return refuse(req, reply, 400, '没有选择报告', '请选择本区去年的决算报告（Word 文档 .docx）。');
    if (!dataset) return refuse(req, reply, 400, '没有选择数据文件', '请选择与这份报告同一年的决算数据（.xlsx 或 .json）。');
    const r = await runner.run<WebAdoptResult>({ type: 'adopt', request: { report, dataset, attachments: files.get('attachments') ?? [], zip } });
    if (!r.ok) return wantsJson(req) ? reply.code(422).send({ error: { title: '无法得出格式', issues: r.issues } }) : page(reply, 422, adoptPage(chrome, r, null));
    const now = Date.now();
    for (const [k, v] of adopted) if (now - v.at > limits.resultTtlMs || adopted.size >= limits.keepResults) adopted.delete(k);
    const id = randomBytes(16).toString('hex');
    adopted.set(id, { name: r.name, style: r.style, at: now });
    if (wantsJson(req)) return reply.send({ id, name: r.name, style: `/adopt/${id}/style.json`, summary: r.summary, lines: r.lines });
    return page(reply, 200, adoptPage(chrome, r, id));
  });

  app.get('/adopt/:id/style.json', async (req, reply) => {
    const hit = adopted.get((req.params as { id: string }).id);
    if (!hit || Date.now() - hit.at > limits.resultTtlMs) return refuse(req, reply, 404, '格式文件不存在', '格式文件不存在或已过期（保留约两小时）：请重新上传去年的报告和数据。');
    return reply.type('application/json; charset=utf-8').header('Content-Disposition', disposition(hit.name, 'style.json')).send(hit.style);
  });

  for (const which of ['dataset', 'previous'] as const) {
    app.get(`/r/:id/${which}.xlsx`, async (req, reply) => {
      const job = findJob(req, reply);
      if (!job) return reply;
      const file = job.request[which];
      if (!file || !job.result?.exportable[which]) return refuse(req, reply, 404, '没有可导出的数据', '这次上传中没有可以导出为工作簿的数据文件。');
      return sendExport(req, reply, file);
    });
  }

  return app;
}
