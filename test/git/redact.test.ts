// The redact helper is the last line of defence for tokens in errors and logs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GitDeliveryError } from '../../generator/git/errors.ts';
import { basicAuthValue, redact } from '../../generator/git/redact.ts';

const TOKEN = 's3cr3t-token-value-123';

test('removes the raw token and its Basic header form', () => {
  const text = `fatal: token ${TOKEN} rejected; header Basic ${basicAuthValue(TOKEN)}`;
  const out = redact(text, [TOKEN]);
  assert.ok(!out.includes(TOKEN));
  assert.ok(!out.includes(basicAuthValue(TOKEN)));
});

test('removes URL credentials, Authorization headers and GitHub-shaped tokens even when not registered', () => {
  const out = redact('https://x-access-token:abc@github.com/o/r.git Authorization: Bearer xyz ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123');
  assert.equal(out, 'https://***@github.com/o/r.git Authorization: Bearer *** ***');
});

test('GitDeliveryError redacts its message and detail', () => {
  const e = new GitDeliveryError('GIT_FAILED', 'push to https://u:pw@host/r failed', 'fix it', 'Authorization: Basic Zm9vOmJhcg==');
  assert.ok(!e.message.includes('pw@'));
  assert.ok(!e.message.includes('Zm9vOmJhcg=='));
  assert.ok(!e.detail!.includes('Zm9vOmJhcg=='));
});
