/** applicationset/generators/list_test.go */
import type { GeneratorCase } from '../port.ts';

const F = 'applicationset/generators/list_test.go';

export const LIST_CASES: GeneratorCase[] = [
  {
    source: `${F}: TestGenerateListParams/0`,
    generator: { list: { elements: [{ cluster: 'cluster', url: 'url' }] } },
    params: [{ cluster: 'cluster', url: 'url' }],
    unordered: true,
  },
  {
    source: `${F}: TestGenerateListParams/1`,
    generator: { list: { elements: [{ cluster: 'cluster', url: 'url', values: { foo: 'bar' } }] } },
    params: [{ cluster: 'cluster', url: 'url', 'values.foo': 'bar' }],
    unordered: true,
  },
  {
    source: `${F}: TestGenerateListParamsGoTemplate/0`,
    goTemplate: true,
    generator: { list: { elements: [{ cluster: 'cluster', url: 'url' }] } },
    params: [{ cluster: 'cluster', url: 'url' }],
    unordered: true,
  },
  {
    source: `${F}: TestGenerateListParamsGoTemplate/1`,
    goTemplate: true,
    generator: { list: { elements: [{ cluster: 'cluster', url: 'url', values: { foo: 'bar' } }] } },
    params: [{ cluster: 'cluster', url: 'url', values: { foo: 'bar' } }],
    unordered: true,
  },
];
