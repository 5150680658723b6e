/**
 * The function map of Argo CD's ApplicationSet templates: Sprig v3's
 * GenericFuncMap less env, expandenv and getHostByName, plus Argo CD's
 * normalize, slugify, toYaml, fromYaml and fromYamlArray. Functions the
 * evaluator does not implement are in the map and fail when called, so a
 * template that uses one is an error, never a guess.
 */
import { sanitizeName, slugify } from '../../sanitize.ts';
import type { FunctionMap } from '../functions.ts';
import type { GoValue } from '../values.ts';
import { DATES } from './dates.ts';
import { DICTS } from './dicts.ts';
import { ENCODING } from './encoding.ts';
import { LISTS } from './lists.ts';
import { NUMBERS } from './numbers.ts';
import { RANDOM } from './random.ts';
import { REFLECT } from './reflect.ts';
import { REGEX } from './regex.ts';
import { SEMVER } from './semver.ts';
import { STRINGS } from './strings.ts';

export { fromJsonValue as fromPlain } from './json.ts';

/** Certificate generation needs X.509 machinery the evaluator does not carry; each is refused when called. */
export const UNSUPPORTED = [
  'buildCustomCert',
  'genCA',
  'genCAWithKey',
  'genSelfSignedCert',
  'genSelfSignedCertWithKey',
  'genSignedCert',
  'genSignedCertWithKey',
] as const;

const refused: FunctionMap = Object.fromEntries(
  UNSUPPORTED.map((name) => [
    name,
    {
      params: [],
      variadic: 'any',
      fn: () => {
        throw new Error(`${name} is not supported by Flotilla's ApplicationSet evaluator`);
      },
    },
  ]),
);

/** SlugifyName: [maxSize int], [smartTruncate bool], name; arguments of other types panic as the type assertions do. */
function slugifyArgs(...args: GoValue[]): string {
  const name = args.length ? args.at(-1) : '';
  const max = args.length > 1 ? args[0] : 50n;
  const smart = args.length > 2 ? args[1] : true;
  if (typeof name !== 'string') throw new Error(`interface conversion: interface {} is not string`);
  if (typeof max !== 'bigint') throw new Error(`interface conversion: interface {} is not int`);
  if (typeof smart !== 'boolean') throw new Error(`interface conversion: interface {} is not bool`);
  return slugify(name, Number(max), smart);
}

export const SPRIG: FunctionMap = {
  ...STRINGS,
  ...LISTS,
  ...DICTS,
  ...NUMBERS,
  ...REFLECT,
  ...ENCODING,
  ...REGEX,
  ...SEMVER,
  ...DATES,
  ...RANDOM,
  ...refused,
  normalize: { params: ['string'], fn: sanitizeName },
  slugify: { params: [], variadic: 'any', fn: slugifyArgs },
};
