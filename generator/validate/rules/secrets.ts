/**
 * No secret value ever reaches Git: literal values for secret-looking env vars,
 * placeholders like CHANGEME, plain `kind: Secret` objects and password-like
 * chart values are refused with the alternative spelled out.
 */
import { PLACEHOLDER } from '../schema/common.ts';
import type { RuleContext } from './context.ts';
import { variants } from './variants.ts';

const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)$/i;
const SECRET_VALUE_KEY = /^(password|passwd|secret|token|apiKey|api-key|secretKey|accessKey|privateKey|.*Password|.*Secret|.*Token)$/;

export function secretRules(ctx: RuleContext): void {
  for (const v of variants(ctx)) {
    for (const [name, c] of Object.entries(v.body.components)) {
      for (const group of ['containers', 'initContainers'] as const) {
        for (const [cn, container] of Object.entries(c[group] ?? {})) {
          for (const [env, value] of Object.entries(container.env ?? {})) {
            if (typeof value !== 'string') continue;
            const path = ['components', name, group, cn, 'env', env];
            if (PLACEHOLDER.test(value.trim())) {
              ctx.error(
                v.layers,
                path,
                `placeholder "${value}" where a value is expected`,
                'Reference a secret instead: { secret: <name>, key: <key> } with the secret declared as externalSecret, sealed or existing.',
              );
            } else if (SECRET_NAME.test(env) && value !== '') {
              ctx.error(
                v.layers,
                path,
                `${env} looks like a secret, but its value is written in plain text (it would be committed to Git)`,
                'Declare the secret under secrets: (externalSecret, sealed or existing) and write { secret: <name>, key: <key> }.',
              );
            }
          }
        }
      }
    }
    for (const [cm, spec] of Object.entries(v.body.configMaps ?? {})) {
      for (const [key, value] of Object.entries(spec.data)) {
        if (typeof value === 'string' && PLACEHOLDER.test(value.trim()))
          ctx.error(
            v.layers,
            ['configMaps', cm, 'data', key],
            `placeholder "${value}" in ConfigMap data`,
            'Put real configuration here; secret values belong in secrets:.',
          );
      }
    }
    (v.body.resources ?? []).forEach((obj, i) => {
      if (obj.kind === 'Secret') {
        ctx.error(
          v.layers,
          ['resources', i, 'kind'],
          'a plain Secret would put its values in Git',
          'Declare it under secrets: as externalSecret (External Secrets Operator), sealed (SealedSecret) or existing.',
        );
      }
    });
    for (const [chart, spec] of Object.entries(v.body.charts ?? {})) {
      walk(spec.values, ['charts', chart, 'values'], (path, key, value) => {
        if (typeof value !== 'string' || value === '') return;
        if (PLACEHOLDER.test(value.trim()))
          ctx.error(v.layers, path, `placeholder "${value}" in chart values`, 'Point the chart at a secret instead (most charts take existingSecret).');
        else if (SECRET_VALUE_KEY.test(key) && !/^existing/i.test(key))
          ctx.error(
            v.layers,
            path,
            `"${key}" holds a secret value in plain text`,
            "Use the chart's existingSecret option with a secret declared under secrets:.",
          );
      });
    }
  }
}

function walk(value: unknown, path: (string | number)[], visit: (path: (string | number)[], key: string, value: unknown) => void): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      walk(item, [...path, i], visit);
    });
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      visit([...path, k], k, v);
      walk(v, [...path, k], visit);
    }
  }
}
