import Handlebars from 'handlebars';
import { laiwuRaw, buildFromRaw, defaultTemplates } from './helpers';

// The bundled CLI carries the default templates precompiled (scripts/bundle.js); the engine takes
// one only while its source is the one that was compiled. Here the precompiled module is supplied
// to a fresh engine as the bundle would, and the output compared with templates compiled at runtime.
describe('precompiled templates', () => {
  afterEach(() => {
    jest.resetModules();
    jest.dontMock('../src/render/templates.precompiled');
  });

  /** `edit` changes what is compiled; `claim` the source the entry says it was compiled from. */
  function withPrecompiled(edit?: (name: string, source: string) => string, claim: 'original' | 'edited' = 'edited') {
    const { COMPILE } = jest.requireActual('../src/render/engine') as typeof import('../src/render/engine');
    const templates: Record<string, { source: string; spec: unknown }> = {};
    let compiled = 0;
    for (const [name, t] of defaultTemplates().templates) {
      const source = edit ? edit(name, t.source) : t.source;
      // eslint-disable-next-line no-new-func
      templates[name] = { source: claim === 'original' ? t.source : source, spec: new Function(`return ${Handlebars.precompile(source, COMPILE)}`)() };
      compiled++;
    }
    jest.resetModules();
    jest.doMock('../src/render/templates.precompiled', () => ({ handlebars: Handlebars.VERSION, templates }), { virtual: true });
    const helpers = jest.requireActual('./helpers') as typeof import('./helpers');
    return { helpers, compiled };
  }

  it('render the report exactly as templates compiled at runtime', () => {
    const expected = buildFromRaw(laiwuRaw(), 'laiwu-2024.json').markup;
    const { helpers, compiled } = withPrecompiled();
    expect(compiled).toBeGreaterThan(10);
    expect(helpers.buildFromRaw(helpers.laiwuRaw(), 'laiwu-2024.json').markup).toBe(expected);
  });

  it('are used (one whose source matches is taken as it is)', () => {
    const { helpers } = withPrecompiled((name, source) => (name === 'final-accounts/main' ? `预编译模板\n\n${source}` : source), 'original');
    expect(helpers.buildFromRaw(helpers.laiwuRaw(), 'laiwu-2024.json').markup!.startsWith('预编译模板')).toBe(true);
  });

  it('are not used for a template whose source changed since', () => {
    const expected = buildFromRaw(laiwuRaw(), 'laiwu-2024.json').markup;
    // A stale precompiled main template that would print something else.
    const { helpers } = withPrecompiled((name, source) => (name === 'final-accounts/main' ? `陈旧模板\n\n${source}` : source));
    const doc = helpers.buildFromRaw(helpers.laiwuRaw(), 'laiwu-2024.json');
    expect(doc.markup).toBe(expected);
  });
});
