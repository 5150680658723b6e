/** The words of schema errors: values shown safely, names suggested, expected types in plain words. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { suggestName } from '../../generator/suggest.ts';
import { describeIssue, describeValue } from '../../generator/validate/issue-messages.ts';

test('values are shown escaped and shortened, with their type', () => {
  assert.equal(describeValue('a\u0000b\nc'), 'the string "a\\u0000b\\nc"');
  assert.equal(describeValue('x'.repeat(100)), `the string "${'x'.repeat(57)}..."`);
  assert.equal(describeValue(1.1, '1.10'), 'the number 1.10');
  assert.equal(describeValue(null), 'an empty value');
  assert.equal(describeValue([1]), 'a list');
  assert.equal(describeValue({}), 'a mapping');
});

test('the nearest valid name for a rename hint', () => {
  assert.equal(suggestName('My_App'), 'my-app');
  assert.equal(suggestName('../../etc'), 'etc');
  assert.equal(suggestName('..'), undefined);
  assert.equal(suggestName(`a${'-b'.repeat(40)}`)!.length <= 63, true);
});

test('a number where a string is expected: quote it, showing the source text', () => {
  const issue = z.object({ version: z.string() }).safeParse({ version: 1.1 }).error!.issues[0];
  assert.deepEqual(describeIssue(issue, 1.1, '1.10'), {
    message: 'expected a string, found the number 1.10',
    hint: 'Quote it ("1.10"): unquoted, YAML reads it as the number 1.1.',
  });
});

test('a quoted number where a number is expected: drop the quotes', () => {
  const issue = z.number().safeParse('8080').error!.issues[0];
  assert.deepEqual(describeIssue(issue, '8080', '"8080"'), { message: 'expected a number, found the string "8080"', hint: 'Remove the quotes: 8080.' });
});

test('an enum value with a typo', () => {
  const issue = z.enum(['TCP', 'UDP']).safeParse('TPC').error!.issues[0];
  assert.deepEqual(describeIssue(issue, 'TPC', 'TPC'), { message: 'expected one of "TCP", "UDP", found the string "TPC"', hint: 'Did you mean "TCP"?' });
});
