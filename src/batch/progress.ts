import { displayWidth, truncate } from './text';

export type JobStatus = 'built' | 'unchanged' | 'kept' | 'failed';

export const STATUS_ZH: Record<JobStatus, string> = {
  built: '已生成',
  unchanged: '未变化',
  kept: '保留原稿',
  failed: '失败',
};

export interface Counts {
  total: number;
  done: number;
  built: number;
  unchanged: number;
  kept: number;
  failed: number;
}

export interface Progress {
  started(name: string): void;
  finished(name: string, status: JobStatus, line: string, counts: Counts): void;
  end(): void;
}

/**
 * On a terminal: one line redrawn in place — a bar, the counts, and the job in hand. Elsewhere
 * (cron, systemd, CI, a pipe): one plain line per finished job, for the log.
 */
export function createProgress(opts: { tty: boolean; stream?: NodeJS.WriteStream; log: (s: string) => void; error: (s: string) => void; total: number }): Progress {
  if (!opts.tty || !opts.stream) {
    return {
      started: () => {},
      finished: (_name, status, line, c) => (status === 'failed' ? opts.error : opts.log)(`[${c.done}/${c.total}] ${line}`),
      end: () => {},
    };
  }
  const stream = opts.stream;
  const running = new Set<string>();
  let counts: Counts = { total: opts.total, done: 0, built: 0, unchanged: 0, kept: 0, failed: 0 };
  let last = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    last = Date.now();
    const cols = Math.max(40, stream.columns || 80);
    const barWidth = Math.min(30, Math.max(10, cols - 70));
    const filled = counts.total ? Math.round((counts.done / counts.total) * barWidth) : barWidth;
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]`;
    const tally = `${counts.done}/${counts.total}  已生成 ${counts.built} · 未变化 ${counts.unchanged} · 保留原稿 ${counts.kept} · 失败 ${counts.failed}`;
    const current = running.size ? `  正在生成：${[...running].join('、')}` : '';
    const text = `${bar} ${tally}${current}`;
    stream.write(`\r\x1b[K${displayWidth(text) > cols - 1 ? truncate(text, cols - 1) : text}`);
  };
  const schedule = () => {
    if (Date.now() - last > 100) draw();
    else if (!timer) timer = setTimeout(() => ((timer = undefined), draw()), 100);
  };
  return {
    started(name) {
      running.add(name);
      schedule();
    },
    finished(name, status, line, c) {
      running.delete(name);
      counts = { ...c };
      // Failures and kept drafts stay on screen above the bar.
      if (status === 'failed' || status === 'kept') stream.write(`\r\x1b[K${line}\n`);
      schedule();
    },
    end() {
      if (timer) clearTimeout(timer);
      draw();
      stream.write('\n');
    },
  };
}
