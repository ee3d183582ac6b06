import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './helpers';
import { refuseToServe } from '../src/web/serve';

// `fiscal-report serve` as a real process: refused without a token on an address other than this
// machine's, and started (then stopped by SIGTERM) on the loopback address.

const CLI = ['--require', 'tsx/cjs', join(ROOT, 'test', 'run-cli.ts')];
const env = (extra: Record<string, string> = {}) => {
  const e: Record<string, string> = { ...(process.env as Record<string, string>), ...extra };
  delete e.FISCAL_REPORT_TOKEN;
  return { ...e, ...extra };
};

describe('fiscal-report serve', () => {
  it('refuses to start on a non-loopback address without a token: Chinese message, exit 2, nothing listening', () => {
    const r = spawnSync(process.execPath, [...CLI, 'serve', '--host', '0.0.0.0', '--port', '0'], { cwd: ROOT, env: env(), encoding: 'utf8', timeout: 60000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('拒绝启动：要在非本机地址 0.0.0.0 上提供服务，必须设置访问令牌');
    expect(r.stderr).toContain('--token');
    expect(r.stderr).toContain('FISCAL_REPORT_TOKEN');
    expect(r.stdout).not.toContain('网页已启动');
  });

  it('refuses a token too short to be safe, from the option or the environment', () => {
    const opt = spawnSync(process.execPath, [...CLI, 'serve', '--host', '0.0.0.0', '--token', 'abc'], { cwd: ROOT, env: env(), encoding: 'utf8', timeout: 60000 });
    expect(opt.status).toBe(2);
    expect(opt.stderr).toContain('访问令牌太短');
    const fromEnv = spawnSync(process.execPath, [...CLI, 'serve', '--host', '10.0.0.1'], { cwd: ROOT, env: env({ FISCAL_REPORT_TOKEN: 'short' }), encoding: 'utf8', timeout: 60000 });
    expect(fromEnv.status).toBe(2);
    expect(fromEnv.stderr).toContain('访问令牌太短');
  });

  it('refuses a token of spaces (the login page trims what is typed: no one could log in), suggesting a generated one', () => {
    const r = spawnSync(process.execPath, [...CLI, 'serve', '--host', '0.0.0.0', '--token', '                    '], { cwd: ROOT, env: env(), encoding: 'utf8', timeout: 60000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('访问令牌中有空格或换行');
    expect(r.stderr).toMatch(/随机生成的 [0-9a-f]{32}/);
  });

  it('refuses a token shorter than 16 characters, suggesting a generated one; 16 characters without spaces are accepted', () => {
    const r = spawnSync(process.execPath, [...CLI, 'serve', '--host', '0.0.0.0', '--token', 'abcdefghijklmno'], { cwd: ROOT, env: env(), encoding: 'utf8', timeout: 60000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('访问令牌太短（15 个字符）');
    expect(r.stderr).toMatch(/至少 16 个字符.*随机生成的 [0-9a-f]{32}/);
    expect(refuseToServe('0.0.0.0', 'abcdefghijklmnop')).toBeNull();
    expect(refuseToServe('0.0.0.0', ' abcdefghijklmnop')).toContain('空格');
    expect(refuseToServe('0.0.0.0', undefined)).toMatch(/随机生成的 [0-9a-f]{32}/);
  });

  it('refuses a bad --jobs as a usage error', () => {
    const r = spawnSync(process.execPath, [...CLI, 'serve', '--jobs', '0'], { cwd: ROOT, env: env(), encoding: 'utf8', timeout: 60000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--jobs 应为 1–64 的整数');
  });

  it('refuses a bad port as a usage error', () => {
    const r = spawnSync(process.execPath, [...CLI, 'serve', '--port', 'eighty'], { cwd: ROOT, env: env(), encoding: 'utf8', timeout: 60000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--port 应为 0–65535 的整数');
  });

  it('starts on 127.0.0.1 by default with --jobs builds at once, serves the page, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [...CLI, 'serve', '--port', '0', '--jobs', '3'], { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // The start message is three lines, which may arrive in separate chunks: wait for the last.
    for (let i = 0; i < 600 && !out.includes('按 Ctrl+C 停止'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain('同时生成 3 份（--jobs）');
    const url = /网页已启动：(http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1] ?? '';
    try {
      expect(url).not.toBe('');
      expect(out).toContain('只有本机可以访问');
      const res = await fetch(`${url}/`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('生成财政报告');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
