/**
 * The Go text/template subset ApplicationSets use, checked case by case
 * against what Go's text/template (with Sprig and Argo CD's functions)
 * prints or the error it reports.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type GoValue, renderGoTemplate } from '../../generator/appset/go-template/index.ts';

const DATA = {
  cluster: { name: 'prod-us', server: 'https://prod-us.example.com', labels: { tier: 'gold' } },
  app: { name: 'wander', path: 'overlays/prod/wander', clusterPaths: { 'prod-us': 'overlays/prod-us/wander' } },
  list: ['a', 'b', 'c'],
  empty: '',
  nothing: null,
  count: 3,
  big: 1000000,
  ratio: 0.5,
  flag: false,
  nested: { deep: { value: 'x' } },
} as unknown as GoValue;

const ERROR = ['missingkey=error'];

/** [template, expected output, goTemplateOptions] */
const OUTPUTS: [string, string, string[]?][] = [
  ['plain text', 'plain text'],
  ['{{.cluster.name}}-{{.app.name}}', 'prod-us-wander'],
  ['{{ dig "clusterPaths" .cluster.name .app.path .app }}', 'overlays/prod-us/wander'],
  ['{{ dig "clusterPaths" "dev-1" .app.path .app }}', 'overlays/prod/wander'],
  ['{{ dig "nested" "deep" "value" "fallback" . }}', 'x'],
  ['{{ dig "nested" "missing" "value" "fallback" . }}', 'fallback'],
  ['{{ index .cluster.labels "tier" }}', 'gold'],
  ['{{ index .cluster.labels "absent" }}', '<no value>', ERROR],
  ['{{ index .list 1 }}', 'b'],
  ['{{ index .app.clusterPaths .cluster.name }}', 'overlays/prod-us/wander'],
  ['{{ .missing }}', '<no value>'],
  ['{{ .missing }}', '<no value>', ['missingkey=zero']],
  ['{{ .missing.deeper }}', '<no value>'],
  ['{{ .nothing }}', '<no value>'],
  ['{{ print .nothing }}', '<nil>'],
  ['{{ default "fallback" .empty }}', 'fallback'],
  ['{{ default "fallback" .missing }}', 'fallback'],
  ['{{ default "fallback" .cluster.name }}', 'prod-us'],
  ['{{ .cluster.name | upper }}', 'PROD-US'],
  ['{{ .cluster.name | upper | lower }}', 'prod-us'],
  ['{{ printf "%s/%s" .cluster.name .app.name }}', 'prod-us/wander'],
  ['{{ .app.name | printf "app=%s" }}', 'app=wander'],
  ['{{ printf "%d-%05d|%-4s|%q" 7 42 "ab" "q" }}', '7-00042|ab  |"q"'],
  ['{{ printf "%d" .count }}', '%!d(float64=3)'],
  ['{{ printf "%s" }}', '%!s(MISSING)'],
  ['{{ .count }}', '3'],
  ['{{ .big }}', '1e+06'],
  ['{{ .ratio }}', '0.5'],
  ['{{ len .list }}', '3'],
  ['{{ if .flag }}yes{{ else }}no{{ end }}', 'no'],
  ['{{ if eq .cluster.name "prod-us" }}us{{ else if eq .cluster.name "prod-eu" }}eu{{ else }}other{{ end }}', 'us'],
  ['{{ if ne .cluster.name "prod-us" }}x{{ else if .list }}list{{ end }}', 'list'],
  ['{{ if and .cluster .empty }}t{{ else }}f{{ end }}', 'f'],
  ['{{ or .empty .missing "third" }}', 'third'],
  ['{{ and .cluster.name .app.name }}', 'wander'],
  ['{{ if not .empty }}empty{{ end }}', 'empty'],
  ['{{ with .cluster }}{{ .name }}{{ end }}', 'prod-us'],
  ['{{ with .empty }}set{{ else }}unset{{ end }}', 'unset'],
  ['{{ range .list }}[{{ . }}]{{ end }}', '[a][b][c]'],
  ['{{ range $i, $v := .list }}{{ $i }}={{ $v }};{{ end }}', '0=a;1=b;2=c;'],
  ['{{ range $k, $v := .cluster.labels }}{{ $k }}:{{ $v }}{{ end }}', 'tier:gold'],
  ['{{ range .missing }}x{{ else }}none{{ end }}', 'none'],
  ['{{ $name := .cluster.name }}{{ with .app }}{{ .name }}@{{ $name }}{{ end }}', 'wander@prod-us'],
  ['{{ $x := "a" }}{{ $x = "b" }}{{ $x }}', 'b'],
  ['{{ $.cluster.name }}', 'prod-us'],
  ['{{ (index .list 2) | upper }}', 'C'],
  ['{{ (dict "k" "v").k }}', 'v'],
  ['a  {{- .cluster.name -}}  b', 'aprod-usb'],
  ['{{/* a comment */}}x', 'x'],
  ['x {{- /* trimmed comment */ -}} y', 'xy'],
  ['{{ "quoted \\"string\\"\\n" }}', 'quoted "string"\n'],
  ['{{ `raw\\n` }}', 'raw\\n'],
  ['{{ eq .cluster.name "a" "prod-us" }}', 'true'],
  ['{{ lt 1 2 }} {{ ge 2.5 2.5 }}', 'true true'],
  ['{{ normalize "My_Cluster.Name_" }}', 'my-cluster.name'],
  ['{{ slugify "Feature/ADD new_thing!" }}', 'feature-add-new-thing'],
  ['{{ slugify 10 true "hello wonderful world" }}', 'hello'],
  ['{{ trimPrefix "overlays/" .app.path }}', 'prod/wander'],
  ['{{ replace "-" "_" .cluster.name }}', 'prod_us'],
  ['{{ splitList "/" .app.path | last }}', 'wander'],
  ['{{ base .app.path }} {{ dir .app.path }}', 'wander overlays/prod'],
  ['{{ join "," .list }}', 'a,b,c'],
  ['{{ toJson .cluster.labels }}', '{"tier":"gold"}'],
  ['{{ .cluster.labels | toYaml }}', 'tier: gold'],
  ['{{ quote .cluster.name }}', '"prod-us"'],
  ['{{ ternary "a" "b" true }}', 'a'],
  ['{{ hasKey .cluster.labels "tier" }}', 'true'],
  ['{{ coalesce .empty .nothing "c" }}', 'c'],
  ['{{ empty .list }}', 'false'],
  ['{{ add 1 2 3 }} {{ sub 5 2 }}', '6 3'],
  ['{{ trunc 4 .cluster.name }}', 'prod'],
  ['{{ contains "us" .cluster.name }}', 'true'],
  ['{{ .cluster }}', 'map[labels:map[tier:gold] name:prod-us server:https://prod-us.example.com]'],
  ['{{ .list }}', '[a b c]'],
];

/** [template, error message fragment, goTemplateOptions] */
const ERRORS: [string, RegExp, string[]?][] = [
  ['{{ .cluster.missing }}', /executing "base" at <\.cluster\.missing>: map has no entry for key "missing"/, ERROR],
  ['{{ .missing.deeper }}', /map has no entry for key "missing"/, ERROR],
  ['{{ .nothing.field }}', /nil pointer evaluating interface \{\}\.field/],
  ['{{ .cluster.name.first }}', /can't evaluate field first in type interface \{\}/],
  ['{{ nosuchfunc .x }}', /template: base:1: function "nosuchfunc" not defined$/],
  ['{{ .cluster.name ', /unclosed action/],
  ['{{ if .flag }}open', /missing \{\{end\}\}/],
  ['{{ end }}', /unexpected \{\{end\}\}/],
  ['{{ $undefined }}', /undefined variable "\$undefined"/],
  ['{{ lower .missing }}', /invalid value; expected string/],
  ['{{ lower .count }}', /wrong type for value; expected string; got float64/],
  ['{{ lower }}', /wrong number of args for lower: want 1 got 0/],
  ['{{ index .list 5 }}', /error calling index: index out of range: 5/],
  ['{{ index .nothing "a" }}', /error calling index: index of untyped nil/],
  ['{{ eq 1 1.0 }}', /error calling eq: incompatible types for comparison/],
  ['{{ dig "a" "fallback" .nothing }}', /error calling dig: interface conversion: interface \{\} is nil/],
  ['{{ .cluster.name "arg" }}', /can't give argument to non-function|is not a method but has arguments/],
  ['{{ template "x" }}', /not supported/],
];

describe('Go templates (text/template + Sprig, as the ApplicationSet controller runs them)', () => {
  for (const [template, expected, options] of OUTPUTS) {
    it(`${template} → ${JSON.stringify(expected)}${options ? ` (${options.join(',')})` : ''}`, () => {
      assert.equal(renderGoTemplate(template, DATA, options), expected);
    });
  }
  for (const [template, message, options] of ERRORS) {
    it(`${template} fails: ${message.source}`, () => {
      assert.throws(() => renderGoTemplate(template, DATA, options), message);
    });
  }
  it('refuses unknown template options, as text/template does', () => {
    assert.throws(() => renderGoTemplate('{{ .x }}', DATA, ['missingkey=maybe']), /unrecognized option: missingkey=maybe/);
  });
  it('renders the same template with different data independently (parse cache)', () => {
    const t = '{{ .cluster.name }}';
    assert.equal(renderGoTemplate(t, { cluster: { name: 'a' } }), 'a');
    assert.equal(renderGoTemplate(t, { cluster: { name: 'b' } }), 'b');
  });
});
