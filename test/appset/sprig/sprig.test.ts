/**
 * Sprig's own test pairs (Masterminds/sprig v3.3.0, the version Argo CD
 * v3.5.1 builds with, *_test.go): each template and the output Sprig's tests
 * expect, run through the evaluator's Go template engine with the function
 * map of Argo CD's ApplicationSet controller. Pairs generated from the Go
 * sources are in pairs.gen.ts; pairs that need Go values (times, typed
 * lists) or whose result is random are written out in this file.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import bcrypt from 'bcryptjs';
import { fromPlain, type GoValue, renderGoTemplate } from '../../../generator/appset/go-template/index.ts';
import { GoTime, parseTime } from '../../../generator/appset/go-template/sprig/dates.ts';
import { UNSUPPORTED } from '../../../generator/appset/go-template/sprig/index.ts';
import { PAIRS } from './pairs.gen.ts';

function render(template: string, data: GoValue = {}): string {
  return renderGoTemplate(template, data, []);
}

describe('Sprig v3.3.0 test pairs', () => {
  for (const [source, template, expected] of PAIRS) {
    it(`${source}: ${template}`, () => {
      assert.equal(render(template), expected);
    });
  }
});

/** 13 Jun 19 20:39:39 GMT, as date_test.go parses it. */
const JUNE_13 = parseTime('02 Jan 06 15:04:05 MST', '13 Jun 19 20:39:39 GMT');
const secondsAgo = (s: number) => new GoTime(GoTime.now().ns - BigInt(s) * 1_000_000_000n);
const top = () => fromPlain({ top: {} });

/** Pairs whose data or expectation Go builds at run time: [source, template, expected, data]. */
const HAND: [string, string, string, () => GoValue][] = [
  ['date_test.go: TestAgo', '{{ ago .Time }}', '2m5s', () => ({ Time: secondsAgo(125) })],
  ['date_test.go: TestAgo', '{{ ago .Time }}', '2h34m17s', () => ({ Time: secondsAgo(2 * 3600 + 34 * 60 + 17) })],
  ['date_test.go: TestAgo', '{{ ago .Time }}', '-5s', () => ({ Time: secondsAgo(-5) })],
  ['date_test.go: TestUnixEpoch', '{{unixEpoch .Time}}', '1560458379', () => ({ Time: JUNE_13 })],
  ['date_test.go: TestDateInZone (time.Time)', '{{ date_in_zone "02 Jan 06 15:04 -0700" .Time "UTC" }}', '13 Jun 19 20:39 +0000', () => ({ Time: JUNE_13 })],
  ['date_test.go: TestDateInZone (int64)', '{{ date_in_zone "02 Jan 06 15:04 -0700" .Time "UTC" }}', '13 Jun 19 20:39 +0000', () => ({ Time: 1560458379n })],
  ['date_test.go: TestDateInZone (int constant)', '{{ date_in_zone "02 Jan 06 15:04 -0700" 1560458379 "UTC" }}', '13 Jun 19 20:39 +0000', () => ({})],
  [
    'date_test.go: TestDateInZone (invalid time zone)',
    '{{ date_in_zone "02 Jan 06 15:04 -0700" .Time "foobar" }}',
    '13 Jun 19 20:39 +0000',
    () => ({ Time: JUNE_13 }),
  ],
  ['date_test.go: TestDuration', '{{ duration .Secs }}', '1m1s', () => ({ Secs: '61' })],
  ['date_test.go: TestDuration', '{{ duration .Secs }}', '1h0m0s', () => ({ Secs: '3600' })],
  ['date_test.go: TestDuration', '{{ duration .Secs }}', '26h3m4s', () => ({ Secs: '93784' })],
  ['date_test.go: TestDurationRound', '{{ durationRound .Time }}', '2h', () => ({ Time: '2h5s' })],
  ['date_test.go: TestDurationRound', '{{ durationRound .Time }}', '1d', () => ({ Time: '24h5s' })],
  ['date_test.go: TestDurationRound', '{{ durationRound .Time }}', '3mo', () => ({ Time: '2400h5s' })],
  ['defaults_test.go: TestEmpty', '{{if empty .top.NoSuchThing}}1{{else}}0{{end}}', '1', top],
  ['defaults_test.go: TestEmpty', '{{if empty .bottom.NoSuchThing}}1{{else}}0{{end}}', '1', top],
  ['defaults_test.go: TestCoalesce', '{{ coalesce .top.NoSuchThing .bottom .bottom.dollar "airplane"}}', 'airplane', top],
  ['defaults_test.go: TestAll', '{{ all .top.NoSuchThing .bottom .bottom.dollar "airplane"}}', 'false', top],
  ['defaults_test.go: TestAny', '{{ any .top.NoSuchThing .bottom .bottom.dollar "airplane"}}', 'true', top],
  ['defaults_test.go: TestFromJson', '{{.Input | fromJson}}', 'map[foo:55]', () => ({ Input: '{"foo": 55}' })],
  ['defaults_test.go: TestFromJson', '{{(.Input | fromJson).foo}}', '55', () => ({ Input: '{"foo": 55}' })],
  [
    'defaults_test.go: TestToJson',
    '{{.Top | toJson}}',
    '{"bool":true,"number":42,"string":"test"}',
    () => fromPlain({ Top: { bool: true, string: 'test', number: 42 } }),
  ],
  [
    'defaults_test.go: TestToPrettyJson',
    '{{.Top | toPrettyJson}}',
    '{\n  "bool": true,\n  "number": 42,\n  "string": "test"\n}',
    () => fromPlain({ Top: { bool: true, string: 'test', number: 42 } }),
  ],
  [
    'defaults_test.go: TestToRawJson',
    '{{.Top | toRawJson}}',
    '{"bool":true,"html":"<HEAD>","number":42,"string":"test"}',
    () => fromPlain({ Top: { bool: true, string: 'test', number: 42, html: '<HEAD>' } }),
  ],
  ['reflect_test.go: TestKindOf ([]string)', '{{kindOf .}}', 'slice', () => ['hello']],
  ['reflect_test.go: TestTypeIs (string)', '{{if typeIs "*sprig.fixtureTO" .}}t{{else}}f{{end}}', 'f', () => 'hello'],
  ['reflect_test.go: TestTypeIsLike (string)', '{{if typeIsLike "string" .}}t{{else}}f{{end}}', 't', () => 'foo'],
  ['reflect_test.go: TestKindIs (string)', '{{if kindIs "ptr" .}}t{{else}}f{{end}}', 'f', () => 'hello'],
  ['strings_test.go: TestQuote (nil)', '{{ .value | quote }}', '', () => ({ value: null })],
  ['strings_test.go: TestSquote (nil)', '{{ .value | squote }}', '', () => ({ value: null })],
  ['strings_test.go: TestContains', '{{if contains "cat" "fair catch"}}1{{end}}', '1', () => ({})],
  ['strings_test.go: TestContains', '{{if hasPrefix "cat" "catch"}}1{{end}}', '1', () => ({})],
  ['strings_test.go: TestContains', '{{if hasSuffix "cat" "ducat"}}1{{end}}', '1', () => ({})],
  ['strings_test.go: TestTrim', '{{trim "   5.00   "}}', '5.00', () => ({})],
  ['strings_test.go: TestTrim', '{{trimAll "$" "$5.00$"}}', '5.00', () => ({})],
  ['strings_test.go: TestTrim', '{{trimPrefix "$" "$5.00"}}', '5.00', () => ({})],
  ['strings_test.go: TestTrim', '{{trimSuffix "$" "5.00$"}}', '5.00', () => ({})],
  ['strings_test.go: TestToStrings (nil item)', '{{ list 1 .value 2 | toStrings }}', '[1 2]', () => ({ value: null })],
  ['strings_test.go: TestJoin ([]string)', '{{ join "-" .V }}', 'a-b-c', () => ({ V: ['a', 'b', 'c'] })],
  ['strings_test.go: TestJoin (string)', '{{ join "-" .V }}', 'abc', () => ({ V: 'abc' })],
  ['strings_test.go: TestJoin ([]int)', '{{ join "-" .V }}', '1-2-3', () => ({ V: [1n, 2n, 3n] })],
  ['strings_test.go: TestJoin (nil item)', '{{ join "-" .value }}', '1-2', () => ({ value: ['1', null, '2'] })],
  ['strings_test.go: TestCat (nil)', '{{ .value | cat "a" "b"}}', 'a b', () => ({ value: null })],
  ['strings_test.go: TestBase64EncodeDecode', '{{b64enc "coffee"}}', 'Y29mZmVl', () => ({})],
  ['strings_test.go: TestBase64EncodeDecode', '{{b64dec "Y29mZmVl"}}', 'coffee', () => ({})],
  ['strings_test.go: TestBase32EncodeDecode', '{{b32enc "coffee"}}', 'MNXWMZTFMU======', () => ({})],
  ['strings_test.go: TestBase32EncodeDecode', '{{b32dec "MNXWMZTFMU======"}}', 'coffee', () => ({})],
];

describe('Sprig v3.3.0 test pairs with Go-built data', () => {
  for (const [source, template, expected, data] of HAND) {
    it(`${source}: ${template}`, () => {
      assert.equal(render(template, data()), expected);
    });
  }

  it('date_test.go: TestDateInZone (no time: now)', () => {
    const before = new GoTime(GoTime.now().ns).layout('02 Jan 06 15:04 -0700');
    const got = render('{{ date_in_zone "02 Jan 06 15:04 -0700" .Time "UTC" }}', { Time: '' });
    const after = new GoTime(GoTime.now().ns).layout('02 Jan 06 15:04 -0700');
    assert.ok(got === before || got === after, got);
  });

  it('functions_test.go: TestShuffle (a permutation; Go seeds its generator, so the order differs)', () => {
    const got = render('{{ shuffle "Hello World" }}');
    assert.deepEqual([...got].sort(), [...'Hello World'].sort());
  });

  it('functions_test.go: TestEnv and TestExpandEnv: Argo CD removes env and expandenv (and getHostByName)', () => {
    for (const template of ['{{env "FOO"}}', '{{expandenv "Hello $FOO"}}', '{{getHostByName "example.com"}}'])
      assert.throws(() => render(template), /function "(env|expandenv|getHostByName)" not defined/);
  });
});

/** Sprig tests that call the Go functions directly (assert.Equal on the result), written as templates. */
const DIRECT: [string, string, string][] = [
  ...(['regexMatch', 'mustRegexMatch'] as const).flatMap((f): [string, string, string][] => {
    const t = `regex_test.go: Test${f[0].toUpperCase()}${f.slice(1)}`;
    // A raw Go string (backquotes), as the Go test's regexp is a Go string literal.
    const re = '`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}`';
    return [
      [t, `{{ ${f} ${re} "test@acme.com" }}`, 'true'],
      [t, `{{ ${f} ${re} "Test@Acme.Com" }}`, 'true'],
      [t, `{{ ${f} ${re} "test" }}`, 'false'],
      [t, `{{ ${f} ${re} "test.com" }}`, 'false'],
      [t, `{{ ${f} ${re} "test@acme" }}`, 'false'],
    ];
  }),
  ...(['regexFindAll', 'mustRegexFindAll'] as const).flatMap((f): [string, string, string][] => {
    const t = `regex_test.go: Test${f[0].toUpperCase()}${f.slice(1)}`;
    return [
      [t, `{{ ${f} "a{2}" "aa" -1 | len }}`, '1'],
      [t, `{{ ${f} "a{2}" "aaaaaaaa" 1 | len }}`, '1'],
      [t, `{{ ${f} "a{2}" "aaaa" -1 | len }}`, '2'],
      [t, `{{ ${f} "a{2}" "none" -1 | len }}`, '0'],
    ];
  }),
  ...(['regexFind', 'mustRegexFind'] as const).flatMap((f): [string, string, string][] => {
    const t = `regex_test.go: Test${f === 'regexFind' ? 'RegexFindl' : 'MustRegexFindl'}`;
    return [
      [t, `{{ ${f} "fo.?" "foorbar" }}`, 'foo'],
      [t, `{{ ${f} "fo.?" "foo foe fome" }}`, 'foo'],
      [t, `{{ ${f} "fo.?" "none" }}`, ''],
    ];
  }),
  ...(['regexReplaceAll', 'mustRegexReplaceAll'] as const).flatMap((f): [string, string, string][] => {
    const t = `regex_test.go: Test${f[0].toUpperCase()}${f.slice(1)}`;
    return [
      [t, `{{ ${f} "a(x*)b" "-ab-axxb-" "T" }}`, '-T-T-'],
      [t, `{{ ${f} "a(x*)b" "-ab-axxb-" "$1" }}`, '--xx-'],
      [t, `{{ ${f} "a(x*)b" "-ab-axxb-" "$1W" }}`, '---'],
      [t, `{{ ${f} "a(x*)b" "-ab-axxb-" "\${1}W" }}`, '-W-xxW-'],
    ];
  }),
  ...(['regexReplaceAllLiteral', 'mustRegexReplaceAllLiteral'] as const).flatMap((f): [string, string, string][] => {
    const t = `regex_test.go: Test${f[0].toUpperCase()}${f.slice(1)}`;
    return [
      [t, `{{ ${f} "a(x*)b" "-ab-axxb-" "T" }}`, '-T-T-'],
      [t, `{{ ${f} "a(x*)b" "-ab-axxb-" "$1" }}`, '-$1-$1-'],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text Go leaves as it is
      [t, `{{ ${f} "a(x*)b" "-ab-axxb-" "\${1}" }}`, '-${1}-${1}-'],
    ];
  }),
  ...(['regexSplit', 'mustRegexSplit'] as const).flatMap((f): [string, string, string][] => {
    const t = `regex_test.go: Test${f[0].toUpperCase()}${f.slice(1)}`;
    return [
      [t, `{{ ${f} "a" "banana" -1 | len }}`, '4'],
      [t, `{{ ${f} "a" "banana" 0 | len }}`, '0'],
      [t, `{{ ${f} "a" "banana" 1 | len }}`, '1'],
      [t, `{{ ${f} "a" "banana" 2 | len }}`, '2'],
      [t, `{{ ${f} "z+" "pizza" -1 | len }}`, '2'],
      [t, `{{ ${f} "z+" "pizza" 0 | len }}`, '0'],
      [t, `{{ ${f} "z+" "pizza" 1 | len }}`, '1'],
      [t, `{{ ${f} "z+" "pizza" 2 | len }}`, '2'],
    ];
  }),
  ['regex_test.go: TestRegexQuoteMeta', '{{ regexQuoteMeta "1.2.3" }}', '1\\.2\\.3'],
  ['regex_test.go: TestRegexQuoteMeta', '{{ regexQuoteMeta "pretzel" }}', 'pretzel'],
  ...(['toFloat64', 'toInt64', 'toInt'] as const).flatMap((f): [string, string, string][] => {
    const fn = f === 'toFloat64' ? 'float64' : f === 'toInt64' ? 'int64' : 'int';
    const t = `numeric_test.go: Test${f[0].toUpperCase()}${f.slice(1)}`;
    return [
      [t, `{{ ${fn} 102 }}`, '102'],
      [t, `{{ ${fn} "102" }}`, '102'],
      [t, `{{ ${fn} "frankie" }}`, '0'],
      [t, `{{ ${fn} 102.1234 }}`, f === 'toFloat64' ? '102.1234' : '102'],
      [t, `{{ ${fn} true }}`, '1'],
    ];
  }),
  ['numeric_test.go: TestToDecimal', '{{ toDecimal "777" }}', '511'],
  ['numeric_test.go: TestToDecimal', '{{ toDecimal 777 }}', '511'],
  ['numeric_test.go: TestToDecimal', '{{ toDecimal 770 }}', '504'],
  ['numeric_test.go: TestToDecimal', '{{ toDecimal 755 }}', '493'],
  ['numeric_test.go: TestCeil', '{{ ceil 123 }}', '123'],
  ['numeric_test.go: TestCeil', '{{ ceil "123" }}', '123'],
  ['numeric_test.go: TestCeil', '{{ ceil 123.01 }}', '124'],
  ['numeric_test.go: TestCeil', '{{ ceil "123.01" }}', '124'],
  ['numeric_test.go: TestFloor', '{{ floor 123 }}', '123'],
  ['numeric_test.go: TestFloor', '{{ floor "123" }}', '123'],
  ['numeric_test.go: TestFloor', '{{ floor 123.9999 }}', '123'],
  ['numeric_test.go: TestFloor', '{{ floor "123.9999" }}', '123'],
  ['numeric_test.go: TestRound', '{{ round 123.5555 3 }}', '123.556'],
  ['numeric_test.go: TestRound', '{{ round "123.55555" 3 }}', '123.556'],
  ['numeric_test.go: TestRound', '{{ round 123.500001 0 }}', '124'],
  ['numeric_test.go: TestRound', '{{ round 123.49999999 0 }}', '123'],
  ['numeric_test.go: TestRound', '{{ round 123.2329999 2 .3 }}', '123.23'],
  ['numeric_test.go: TestRound', '{{ round 123.233 2 .3 }}', '123.24'],
];

const MERGE_DATA = () =>
  fromPlain({
    src2: { h: 10, i: 'i', j: 'j' },
    src1: { a: 1, b: 2, d: { e: 'four' }, g: [6, 7], i: 'aye', j: 'jay', k: { l: false } },
    dst: { a: 'one', c: 3, d: { f: 5 }, g: [8, 9], i: 'eye', k: { l: true } },
  }) as Record<string, GoValue>;

describe('Sprig v3.3.0 tests that call the functions directly, and the random ones', () => {
  for (const [source, template, expected] of DIRECT) {
    it(`${source}: ${template}`, () => {
      assert.equal(render(template), expected);
    });
  }

  it('dict_test.go: TestMerge (merges into dst, which keeps its own non-empty values)', () => {
    const data = MERGE_DATA();
    render('{{merge .dst .src1 .src2}}', data);
    assert.deepEqual(data.dst, { a: 'one', b: 2, c: 3, d: { e: 'four', f: 5 }, g: [8, 9], h: 10, i: 'eye', j: 'jay', k: { l: true } });
  });

  it('dict_test.go: TestMergeOverwrite (later sources win, maps merge key by key)', () => {
    const data = MERGE_DATA();
    render('{{mergeOverwrite .dst .src1 .src2}}', data);
    assert.deepEqual(data.dst, { a: 1, b: 2, c: 3, d: { e: 'four', f: 5 }, g: [6, 7], h: 10, i: 'i', j: 'j', k: { l: false } });
  });

  it('flow_control_test.go: TestFail', () => {
    assert.throws(() => render('{{fail "This is an error!"}}'), /This is an error!/);
  });

  it('numeric_test.go: TestRandomInt', () => {
    for (const [min, max] of [
      [10, 11],
      [10, 13],
      [0, 1],
      [5, 50],
    ]) {
      const r = Number(render(`{{ randInt ${min} ${max} }}`));
      assert.ok(Number.isInteger(r) && r >= min && r < max, String(r));
    }
  });

  it('strings_test.go: TestRandomString', () => {
    for (const [f, re] of [
      ['randAlphaNum', /^[A-Za-z0-9]{5}$/],
      ['randAlpha', /^[A-Za-z]{5}$/],
      ['randAscii', /^[\x20-\x7e]{5}$/],
      ['randNumeric', /^[0-9]{5}$/],
    ] as const)
      assert.match(render(`{{${f} 5}}`), re);
  });

  it('crypto_test.go: TestRandBytes and TestUUIDGeneration', () => {
    assert.equal(Buffer.from(render('{{randBytes 12}}'), 'base64').length, 12);
    const a = render('{{uuidv4}}');
    assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(a, render('{{uuidv4}}'));
  });

  it('crypto_test.go: TestBcrypt and TestHtpasswd (bcrypt, version 2a, cost 10)', () => {
    const hash = render('{{"abc" | bcrypt}}');
    assert.match(hash, /^\$2a\$10\$/);
    assert.ok(bcrypt.compareSync('abc', hash));
    for (const [user, password] of [
      ['myUser', 'myPassword'],
      ["special'o79Cv_*qFe,)<user", 'special<j7+3p#6-.Jx2U:m8G;kGypassword'],
    ]) {
      const [name, ...rest] = render('{{htpasswd .Username .Password}}', { Username: user, Password: password }).split(':');
      assert.equal(name, user);
      assert.ok(bcrypt.compareSync(password, rest.join(':')));
    }
    assert.equal(render('{{htpasswd .Username .Password}}', { Username: 'wrongus:er', Password: "doesn'tmatter" }), 'invalid username: wrongus:er');
  });

  it('crypto_test.go: TestGenPrivateKey (rsa, ecdsa, ed25519; dsa is refused)', () => {
    assert.match(render('{{genPrivateKey ""}}'), /-----BEGIN RSA PRIVATE KEY-----/);
    assert.match(render('{{genPrivateKey "ecdsa"}}'), /-----BEGIN EC PRIVATE KEY-----/);
    assert.match(render('{{genPrivateKey "ed25519"}}'), /-----BEGIN PRIVATE KEY-----/);
    assert.equal(render('{{genPrivateKey "bad"}}'), 'Unknown type bad');
    assert.throws(() => render('{{genPrivateKey "dsa"}}'), /genPrivateKey "dsa" is not supported/);
  });

  it('crypto_test.go: TestBuildCustomCert, TestGenCA, TestGenSelfSignedCert, TestGenSignedCert and their WithKey forms are refused', () => {
    for (const name of UNSUPPORTED)
      assert.throws(() => render(`{{ ${name} "x" }}`), new RegExp(`${name} is not supported by Flotilla's ApplicationSet evaluator`));
  });
});

/** text/template's own exec_test.go cases for the escaping built-ins (Go 1.26, which Argo CD v3.5.1 builds with). */
describe('Go text/template built-ins html, js, urlquery and call', () => {
  const T = 'text/template exec_test.go';
  const cases: [string, string, string, GoValue][] = [
    [`${T}: html`, '{{html "<script>alert(\\"XSS\\");</script>"}}', '&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;', null],
    [`${T}: html pipeline`, '{{printf "<script>alert(\\"XSS\\");</script>" | html}}', '&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;', null],
    [`${T}: html untyped nil`, '{{html .Empty0}}', '&lt;no value&gt;', { Empty0: null }],
    [`${T}: js`, '{{js .}}', "It\\'d be nice.", "It'd be nice."],
    [`${T}: urlquery`, '{{"http://www.example.org/"|urlquery}}', 'http%3A%2F%2Fwww.example.org%2F', null],
    [`${T}: TestJSEscaping`, '{{js .}}', 'Go \\"jump\\" \\\\', 'Go "jump" \\'],
    [`${T}: TestJSEscaping`, '{{js .}}', 'Yukihiro says \\"今日は世界\\"', 'Yukihiro says "今日は世界"'],
    [`${T}: TestJSEscaping`, '{{js .}}', 'unprintable \\uFFFE', 'unprintable \uFFFE'],
    [`${T}: TestJSEscaping`, '{{js .}}', '\\u003Chtml\\u003E', '<html>'],
    [`${T}: TestJSEscaping`, '{{js .}}', 'no \\u003D in attributes', 'no = in attributes'],
    [`${T}: TestJSEscaping`, '{{js .}}', '\\u0026#x27; does not become HTML entity', '&#x27; does not become HTML entity'],
  ];
  for (const [source, template, expected, data] of cases) {
    it(`${source}: ${template}`, () => {
      assert.equal(render(template, data), expected);
    });
  }

  it('call: ApplicationSet parameters are decoded JSON and never hold a function, so call always fails as Go does for a non-function', () => {
    assert.throws(() => render('{{call .f}}', { f: 'x' }), /error calling call: non-function of type string/);
    assert.throws(() => render('{{call .f}}', { f: null }), /error calling call: call of nil/);
  });
});
