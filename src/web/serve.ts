import { isLoopback, MIN_TOKEN_LENGTH, suggestToken, TOKEN_ENV, tokenProblem } from './auth';

type Out = { log: (s: string) => void; error: (s: string) => void };

export interface ServeArgs {
  host?: string;
  port?: string;
  token?: string;
  /** Worker threads building at once (default: the number of CPU cores). */
  jobs?: string;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;

/** Why the server may not start as asked (Chinese, for the terminal), or null. */
export function refuseToServe(host: string, token: string | undefined, suggest: () => string = suggestToken): string | null {
  const problem = token !== undefined ? tokenProblem(token) : null;
  if (problem)
    return `拒绝启动：${problem}。请使用至少 ${MIN_TOKEN_LENGTH} 个字符、不含空格、不易猜到的令牌，例如刚为你随机生成的 ${suggest()}（可直接使用：--token 或环境变量 ${TOKEN_ENV}）。`;
  if (!isLoopback(host) && !token)
    return (
      `拒绝启动：要在非本机地址 ${host} 上提供服务，必须设置访问令牌，否则内网中任何人都能上传数据、下载报告。` +
      `请加 --token 令牌（至少 ${MIN_TOKEN_LENGTH} 个字符、不含空格，例如刚为你随机生成的 ${suggest()}），或设置环境变量 ${TOKEN_ENV}；只在本机使用时去掉 --host（默认 ${DEFAULT_HOST}，只有本机能访问）。`
    );
  return null;
}

/** The environment variable that tunes the server's limits (for the benchmark and tests): JSON, numbers by name. */
export const LIMITS_ENV = 'FISCAL_REPORT_WEB_LIMITS';
const TUNABLE = ['maxFileBytes', 'maxFiles', 'maxRequestBytes', 'maxInflated', 'maxZipEntries', 'memoryMb', 'timeoutMs', 'concurrency', 'maxQueued', 'idleMs', 'keepResults', 'resultTtlMs'] as const;

/** FISCAL_REPORT_WEB_LIMITS='{"resultTtlMs": 10000}': the limits it sets, or why it cannot be used. */
export function webLimitsFromEnv(env: NodeJS.ProcessEnv): Record<string, number> | string {
  const text = env[LIMITS_ENV];
  if (!text) return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    v = null;
  }
  const out: Record<string, number> = {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) return `用法错误：环境变量 ${LIMITS_ENV} 应为 JSON 对象，如 {"resultTtlMs": 600000}。`;
  for (const [k, x] of Object.entries(v)) {
    if (!(TUNABLE as readonly string[]).includes(k) || typeof x !== 'number' || !Number.isFinite(x) || x <= 0)
      return `用法错误：环境变量 ${LIMITS_ENV} 中的“${k}”${(TUNABLE as readonly string[]).includes(k) ? '应为正数' : `不是可调的项（可调：${TUNABLE.join('、')}）`}。`;
    out[k] = x;
  }
  return out;
}

/**
 * `fiscal-report serve [--host ADDR] [--port N] [--token T]`: the web page, until Ctrl+C (or
 * SIGTERM from a service manager). Returns the exit code: 2 when refused, 1 when the port cannot
 * be bound, 0 after a clean stop.
 */
export async function serveCommand(args: ServeArgs, out: Out, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const host = (args.host ?? DEFAULT_HOST).trim() || DEFAULT_HOST;
  const port = args.port === undefined ? DEFAULT_PORT : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    out.error(`用法错误：--port 应为 0–65535 的整数，实为“${args.port}”。运行 fiscal-report --help 查看用法。`);
    return 2;
  }
  const jobs = args.jobs === undefined ? undefined : Number(args.jobs);
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1 || jobs > 64)) {
    out.error(`用法错误：--jobs 应为 1–64 的整数（同时生成的份数），实为“${args.jobs}”。运行 fiscal-report --help 查看用法。`);
    return 2;
  }
  const token = args.token ?? (env[TOKEN_ENV] ? env[TOKEN_ENV] : undefined);
  const refused = refuseToServe(host, token);
  if (refused) {
    out.error(refused);
    return 2;
  }
  // Loaded on demand: the other commands do not pay for the server.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { appInternals, createApp } = require('./app') as typeof import('./app');
  const tuned = webLimitsFromEnv(env);
  if (typeof tuned === 'string') {
    out.error(tuned);
    return 2;
  }
  const app = await createApp({ ...(token ? { token } : {}), limits: { ...tuned, ...(jobs ? { concurrency: jobs } : {}) }, logger: { level: 'warn' } });
  let address: string;
  try {
    address = await app.listen({ host, port });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'EADDRINUSE' ? `端口 ${port} 已被占用：请用 --port 换一个端口` : err.code === 'EADDRNOTAVAIL' ? `本机没有地址 ${host}：请检查 --host` : err.code === 'EACCES' ? `没有权限使用端口 ${port}：请用 1024 以上的端口` : err.message;
    out.error(`网页服务未能启动：${why}。`);
    await app.close();
    return 1;
  }
  const shown = host === '0.0.0.0' || host === '::' ? `http://本机的内网地址:${(app.server.address() as { port: number }).port}/` : `${address}/`;
  out.log(`fiscal-report 网页已启动：${shown}`);
  out.log(token ? '已启用访问令牌：打开网页后在登录页输入令牌。' : '只有本机可以访问（如需在内网中使用，见 README“网页”一节：--host 与 --token）。');
  const { limits } = appInternals.get(app)!;
  out.log(`同时生成 ${limits.concurrency} 份（--jobs），其余排队，最多 ${limits.maxQueued} 份。`);
  out.log('按 Ctrl+C 停止。');
  return new Promise<number>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      out.log('正在停止网页服务……');
      void app.close().then(() => resolve(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
