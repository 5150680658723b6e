/** applicationset/generators/value_interpolation_test.go: appendTemplatedValues. */
const F = 'applicationset/generators/value_interpolation_test.go';

export interface ValuesCase {
  source: string;
  goTemplate: boolean;
  values: Record<string, string>;
  params: Record<string, unknown>;
  expected: Record<string, unknown>;
}

export const VALUE_INTERPOLATION_CASES: ValuesCase[] = [
  {
    source: `${F}: TestValueInterpolation/Simple interpolation`,
    goTemplate: false,
    values: { hello: '{{ world }}' },
    params: { world: 'world!' },
    expected: { world: 'world!', 'values.hello': 'world!' },
  },
  {
    source: `${F}: TestValueInterpolation/Non-existent`,
    goTemplate: false,
    values: { 'non-existent': '{{ non-existent }}' },
    params: {},
    expected: { 'values.non-existent': '{{ non-existent }}' },
  },
  {
    source: `${F}: TestValueInterpolation/Billion laughs`,
    goTemplate: false,
    values: { lol1: 'lol', lol2: '{{values.lol1}}{{values.lol1}}', lol3: '{{values.lol2}}{{values.lol2}}{{values.lol2}}' },
    params: {},
    expected: { 'values.lol1': 'lol', 'values.lol2': '{{values.lol1}}{{values.lol1}}', 'values.lol3': '{{values.lol2}}{{values.lol2}}{{values.lol2}}' },
  },
  {
    source: `${F}: TestValueInterpolationWithGoTemplating/Simple interpolation`,
    goTemplate: true,
    values: { hello: '{{ .world }}' },
    params: { world: 'world!' },
    expected: { world: 'world!', values: { hello: 'world!' } },
  },
  {
    source: `${F}: TestValueInterpolationWithGoTemplating/Non-existent to default`,
    goTemplate: true,
    values: { non_existent: '{{ default "bar" .non_existent }}' },
    params: {},
    expected: { values: { non_existent: 'bar' } },
  },
  {
    source: `${F}: TestValueInterpolationWithGoTemplating/Billion laughs`,
    goTemplate: true,
    values: { lol1: 'lol', lol2: '{{.values.lol1}}{{.values.lol1}}', lol3: '{{.values.lol2}}{{.values.lol2}}{{.values.lol2}}' },
    params: {},
    expected: { values: { lol1: 'lol', lol2: '<no value><no value>', lol3: '<no value><no value><no value>' } },
  },
];
