import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { ROOT } from './helpers';

// The bundles are rewritten with ASCII only (scripts/bundle.js asciiOnly): every escape must mean
// the character it replaced, wherever the minified code holds one.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { asciiEscapes } = require('../scripts/bundle.js') as { asciiEscapes: (text: string) => string };

/** Evaluates a script's text and what `probe` makes of its value, before and after the rewrite. */
function same(source: string, probe: (v: unknown) => unknown = (v) => v): unknown {
  const rewritten = asciiEscapes(source);
  expect(rewritten).toMatch(/^[\x00-\x7f]*$/);
  const before = probe(runInNewContext(source));
  expect(probe(runInNewContext(rewritten))).toEqual(before);
  return before;
}

const matches = (inputs: string[]) => (re: unknown) => inputs.map((s) => (re as RegExp).exec(s)?.[0] ?? null);

describe('a bundle in ASCII only', () => {
  it('keeps strings, template text and identifiers', () => {
    expect(same('"收入合计" + \'支出\'')).toBe('收入合计支出');
    expect(same('`合计${1 + 1}万元`')).toBe('合计2万元');
    expect(same('((s, ...v) => s.join("|") + v.join(","))`收入${1}支出${2}`')).toBe('收入|支出|1,2');
    expect(same('(() => { const 金额 = 3; return 金额 * 2; })()')).toBe(6);
    expect(same('"\\中"')).toBe('中');
  });

  it('keeps regular expressions: characters, classes and ranges, identity escapes, escaped backslashes, the u flag', () => {
    expect(same('/[0-9０-９]+(?:[.．][0-9０-９]+)?/', matches(['增长１２．５％', '3.4', '无']))).toEqual(['１２．５', '3.4', null]);
    expect(same('/上年末.*余额/', matches(['上年末政府债务余额', '余额']))).toEqual(['上年末政府债务余额', null]);
    expect(same('/\\。$/', matches(['完成。', '完成']))).toEqual(['。', null]);
    expect(same('/\\\\中/', matches(['a\\中', '中']))).toEqual(['\\中', null]);
    expect(same('/[一-龥]+/u', matches(['abc预算', 'abc']))).toEqual(['预算', null]);
    expect(same('/“([^”]*)”/g', (re) => '《“甲”和“乙”》'.match(re as RegExp))).toEqual(['“甲”', '“乙”']);
  });

  it('refuses a character outside the BMP rather than escape it wrongly', () => {
    expect(() => asciiEscapes('const s = "😀";')).toThrow(/outside the BMP/);
  });

  // (npm install builds the bundles; without them there is nothing to check.)
  const dir = join(ROOT, 'dist', 'bundle');
  const built = existsSync(join(dir, 'index.cjs'));
  const bundles = ['index.cjs', 'worker.cjs', 'build-worker.cjs'];

  (built ? it : it.skip)('is what the built bundles are', () => {
    for (const f of bundles) expect(readFileSync(join(dir, f), 'latin1')).toMatch(/^[\x00-\x7f]*$/);
  });

  // An escape in a template's text changes its raw text (String.raw`中` is "中", String.raw`\u4e2d`
  // is "\u4e2d"): every tagged template whose text holds an escaped character must have a tag that
  // reads the cooked text only — here the web pages' html tag — never String.raw or a tag reading .raw.
  (built ? it : it.skip)('leaves no escaped character where a template tag could read the raw text', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parse } = require('@babel/parser') as typeof import('@babel/parser');
    type N = { type?: string; [k: string]: unknown };
    for (const f of bundles) {
      const source = readFileSync(join(dir, f), 'utf8');
      const ast = parse(source, { sourceType: 'script', allowReturnOutsideFunction: true });
      const functions = new Map<string, string>();
      const tags = new Set<string>();
      const visit = (n: unknown): void => {
        if (Array.isArray(n)) return n.forEach(visit);
        if (!n || typeof n !== 'object') return;
        const node = n as N & { start?: number; end?: number };
        if (node.type === 'FunctionDeclaration' && (node.id as N | null)?.name) functions.set((node.id as { name: string }).name, source.slice(node.start, node.end));
        if (node.type === 'TaggedTemplateExpression') {
          const quasi = node.quasi as { quasis: { value: { raw: string } }[] };
          if (quasi.quasis.some((q) => /\\u(?:00[89a-f][0-9a-f]|0[1-9a-f][0-9a-f]{2}|[1-9a-f][0-9a-f]{3})/i.test(q.value.raw))) {
            const tag = node.tag as N & { name?: string };
            expect(tag.type).toBe('Identifier');
            tags.add(tag.name!);
          }
        }
        for (const k in node) if (k !== 'loc' && k !== 'extra') visit(node[k]);
      };
      visit(ast.program);
      // The CLI's bundle holds the web pages (their html tag's templates): the check sees them.
      if (f === 'index.cjs') expect(tags.size).toBeGreaterThan(0);
      for (const tag of tags) {
        const fn = functions.get(tag);
        expect(fn).toBeDefined();
        expect(fn).not.toMatch(/\.raw\b/);
      }
      expect(source).not.toMatch(/String\.raw/);
    }
  });
});
