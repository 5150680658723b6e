/**
 * The controller semantics around the generators: template modes, post
 * selectors, generator-level templates, matrix merging rules, finalizers,
 * validation of generated Applications, and refusals (never "no Applications"
 * when something cannot be evaluated).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateApplications } from '../../generator/appset/generate-applications.ts';
import { RESOURCES_FINALIZER } from '../../generator/appset/render-template.ts';
import { appSet, evaluate } from './support.ts';

const spec = (extra: Record<string, unknown> = {}) => ({
  project: 'default',
  destination: { server: 'https://kubernetes.default.svc', namespace: 'x' },
  ...extra,
});
const names = (r: ReturnType<typeof evaluate>) => r.applications.map((a) => a.metadata.name).sort();

describe('list generator', () => {
  it('fasttemplate: values must be strings; a values map becomes values.<key>', () => {
    const ok = evaluate({
      generators: [{ list: { elements: [{ cluster: 'a', values: { suffix: 'x' } }] } }],
      template: { metadata: { name: '{{cluster}}-{{values.suffix}}' }, spec: spec() },
    });
    assert.deepEqual(names(ok), ['a-x']);
    const bad = evaluate({
      generators: [{ list: { elements: [{ cluster: 'a', replicas: 2 }] } }],
      template: { metadata: { name: '{{cluster}}' }, spec: spec() },
    });
    assert.deepEqual(bad.applications, []);
    assert.match(bad.errors[0], /error parsing value as string/);
  });

  it('Go templates: elements keep nested maps', () => {
    const r = evaluate({
      goTemplate: true,
      generators: [{ list: { elements: [{ app: { name: 'a', ns: 'n1' } }] } }],
      template: { metadata: { name: '{{.app.name}}' }, spec: spec({ destination: { server: 'https://s', namespace: '{{.app.ns}}' } }) },
    });
    assert.deepEqual((r.applications[0].spec as any).destination, { server: 'https://s', namespace: 'n1' });
  });

  it('an element with no parameters leaves the template unrendered and adds no finalizer (RenderTemplateParams)', () => {
    const r = evaluate({
      goTemplate: true,
      generators: [{ list: { elements: [{}] } }],
      template: { metadata: { name: 'static' }, spec: spec({ source: { path: '{{.x}}' } }) },
    });
    assert.equal((r.applications[0].spec as any).source.path, '{{.x}}');
    assert.equal((r.applications[0].metadata as any).finalizers, undefined);
  });
});

describe('template rendering', () => {
  it('renders map keys as well as values, and drops null entries', () => {
    const r = evaluate({
      goTemplate: true,
      generators: [{ list: { elements: [{ k: 'team' }] } }],
      template: { metadata: { name: 'a', labels: { 'example.com/{{.k}}': '{{.k}}', gone: null } }, spec: spec() },
    });
    assert.deepEqual(r.applications[0].metadata.labels, { 'example.com/team': 'team' });
  });

  it('adds the resources finalizer unless preserveResourcesOnDeletion, and never overrides finalizers the template sets', () => {
    const base = { goTemplate: true, generators: [{ list: { elements: [{ n: 'a' }] } }] };
    const fin = (s: Record<string, unknown>) => (evaluate(s).applications[0].metadata as { finalizers?: string[] }).finalizers;
    assert.deepEqual(fin({ ...base, template: { metadata: { name: '{{.n}}' }, spec: spec() } }), [RESOURCES_FINALIZER]);
    assert.equal(fin({ ...base, syncPolicy: { preserveResourcesOnDeletion: true }, template: { metadata: { name: '{{.n}}' }, spec: spec() } }), undefined);
    assert.deepEqual(fin({ ...base, template: { metadata: { name: '{{.n}}', finalizers: ['custom'] }, spec: spec() } }), ['custom']);
  });

  it('shares untemplated parts between Applications without letting one change another or the template', () => {
    const set = {
      goTemplate: true,
      generators: [{ list: { elements: [{ n: 'a' }, { n: 'b' }] } }],
      template: { metadata: { name: '{{.n}}', labels: { fixed: 'yes' } }, spec: spec({ source: { path: 'same' } }) },
    };
    const [a, b] = evaluate(set).applications;
    assert.deepEqual(
      [a, b].map((x) => (x.metadata as { finalizers?: string[] }).finalizers),
      [[RESOURCES_FINALIZER], [RESOURCES_FINALIZER]],
    );
    assert.throws(() => ((a.spec as any).source.path = 'changed'), TypeError);
    assert.equal((b.spec as any).source.path, 'same');
    assert.deepEqual(set.template.metadata, { name: '{{.n}}', labels: { fixed: 'yes' } });
  });

  it('creates every Application in the ApplicationSet namespace, whatever the template says', () => {
    const r = evaluate({
      goTemplate: true,
      generators: [{ list: { elements: [{ n: 'a' }] } }],
      template: { metadata: { name: '{{.n}}', namespace: 'elsewhere' }, spec: spec() },
    });
    assert.equal(r.applications[0].metadata.namespace, 'argocd');
  });

  it('a generator-level template is filled from spec.template', () => {
    const r = evaluate({
      goTemplate: true,
      generators: [
        { list: { elements: [{ n: 'a' }], template: { metadata: {}, spec: { project: 'special', destination: { server: 'https://s', namespace: 'y' } } } } },
      ],
      template: { metadata: { name: '{{.n}}' }, spec: spec({ source: { path: 'p' } }) },
    });
    const s = r.applications[0].spec as any;
    assert.deepEqual([r.applications[0].metadata.name, s.project, s.destination.namespace, s.source.path], ['a', 'special', 'y', 'p']);
  });
});

describe('post selectors and matrices', () => {
  it('a generator selector filters flattened parameters', () => {
    const r = evaluate({
      goTemplate: true,
      generators: [
        {
          list: {
            elements: [
              { c: { env: 'prod' }, n: 'a' },
              { c: { env: 'dev' }, n: 'b' },
            ],
          },
          selector: { matchLabels: { 'c.env': 'prod' } },
        },
      ],
      template: { metadata: { name: '{{.n}}' }, spec: spec() },
    });
    assert.deepEqual(names(r), ['a']);
  });

  it('fasttemplate matrices refuse the same key with different values', () => {
    const r = evaluate({
      generators: [{ matrix: { generators: [{ list: { elements: [{ k: '1' }] } }, { list: { elements: [{ k: '2' }] } }] } }],
      template: { metadata: { name: 'x' }, spec: spec() },
    });
    assert.match(r.errors[0], /found duplicate key k with different value/);
  });

  it('Go-template matrices merge nested maps key by key, the first child winning', () => {
    const r = evaluate({
      goTemplate: true,
      generators: [
        { matrix: { generators: [{ list: { elements: [{ m: { a: '1' }, n: 'x' }] } }, { list: { elements: [{ m: { a: '2', b: '3' }, n: 'y' }] } }] } },
      ],
      template: { metadata: { name: '{{.n}}-{{.m.a}}-{{.m.b}}' }, spec: spec() },
    });
    assert.deepEqual(names(r), ['x-1-3']);
  });

  it('a child that yields nothing makes no combinations (an empty list is not an error)', () => {
    const r = evaluate({
      goTemplate: true,
      generators: [{ matrix: { generators: [{ list: { elements: [{ n: 'a' }] } }, { list: { elements: [] } }] } }],
      template: { metadata: { name: '{{.n}}' }, spec: spec() },
    });
    assert.deepEqual([r.applications, r.errors], [[], []]);
  });
});

describe('refusals and validation', () => {
  it('generators that need a live system are errors, not empty results', () => {
    for (const g of [{ scmProvider: {} }, { pullRequest: {} }, { clusterDecisionResource: {} }, { plugin: {} }]) {
      const r = evaluate({ goTemplate: true, generators: [g], template: { metadata: { name: 'x' }, spec: spec() } });
      assert.match(r.errors[0], /reads a live system/);
    }
    assert.match(evaluate({ generators: [{ clusters: {} }], template: { metadata: { name: 'x' }, spec: spec() } }).errors[0], /no cluster Secrets were given/);
    assert.match(
      evaluate({ generators: [{ git: { repoURL: 'r', directories: [{ path: '*' }] } }], template: { metadata: { name: 'x' }, spec: spec() } }).errors[0],
      /no repository contents were given/,
    );
    assert.match(evaluate({ generators: [{ lisst: {} }], template: { metadata: { name: 'x' }, spec: spec() } }).errors[0], /unrecognized generators: lisst/);
  });

  it('duplicate names (every Application of the name), unknown projects and a destination with both name and server are reported and skipped', () => {
    const set = appSet({
      goTemplate: true,
      generators: [
        {
          list: {
            elements: [
              { n: 'a', p: 'team' },
              { n: 'a', p: 'team' },
              { n: 'b', p: 'nope' },
              { n: 'c', p: 'team' },
              { n: 'd', p: 'team' },
            ],
          },
        },
      ],
      template: {
        metadata: { name: '{{.n}}' },
        spec: { project: '{{.p}}', destination: { name: 'in-cluster', server: '{{ if eq .n "c" }}https://s{{ end }}', namespace: 'x' } },
      },
    });
    const r = generateApplications(set, {}, new Set(['team']));
    // Argo CD keys validation errors by name, so the first "a" is skipped with its duplicate.
    assert.deepEqual(names(r), ['d']);
    assert.deepEqual(r.errors, [
      'ApplicationSet test contains applications with duplicate name: a',
      'application references project nope which does not exist',
      "application destination spec is invalid: application destination can't have both name and server defined: in-cluster https://s",
    ]);
  });
});
