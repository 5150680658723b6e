/**
 * No secret value ever reaches Git: literal values for secret-looking env vars,
 * plain `kind: Secret` objects and password-like chart values are refused with
 * the alternative spelled out (placeholders such as CHANGEME: placeholders.ts).
 */
import type { RuleContext } from './context.ts';
import { isPlaceholder } from './placeholders.ts';
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
            // Placeholders (CHANGEME) are placeholders.ts's.
            if (SECRET_NAME.test(env) && value !== '' && !isPlaceholder(value)) {
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
        if (typeof value !== 'string' || value === '' || isPlaceholder(value, true)) return;
        if (SECRET_VALUE_KEY.test(key) && !/^existing/i.test(key))
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
