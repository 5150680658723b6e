/** `flotilla graph`: Mermaid out, Markdown on request, filters checked. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { copyFleet, flotilla, removeDir } from '../support/temp-fleet.ts';

let dir: string;
before(async () => {
  dir = await copyFleet();
});
after(() => removeDir(dir));

describe('flotilla graph', () => {
  it('prints a Mermaid flowchart, or a Markdown block GitHub renders', async () => {
    const mermaid = await flotilla(dir, 'graph');
    assert.equal(mermaid.code, 0, mermaid.err);
    assert.match(mermaid.out, /^flowchart LR\n/);
    const md = await flotilla(dir, 'graph', '--format', 'markdown', '--app', 'matomo');
    assert.match(md.out, /^```mermaid\nflowchart LR\n[\s\S]*c_matomo__matomo --> c_matomo__mariadb[\s\S]*\n```$/);
    assert.ok(!md.out.includes('app_wander'));
  });

  it('refuses an unknown environment or format', async () => {
    const run = await flotilla(dir, 'graph', '--env', 'prd');
    assert.equal(run.code, 1);
    assert.match(run.err, /no environment named "prd" in this fleet\. Did you mean "prod"\?/);
    assert.equal((await flotilla(dir, 'graph', '--format', 'svg')).code, 2);
  });
});
