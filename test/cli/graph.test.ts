/** `flotilla graph`: Mermaid out, Markdown on request, filters checked. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyFleet, flotilla, REPO_ROOT, removeDir } from '../support/temp-fleet.ts';

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

  it('draws a service the fleet declares once, with the edges of every app that reaches it, and routes beyond HTTP by kind and listener', async () => {
    const scenario = await copyFleet(path.join(REPO_ROOT, 'test/fixtures/scenarios/gateway-edge'));
    try {
      const run = await flotilla(scenario, 'graph');
      assert.equal(run.code, 0, run.err);
      assert.equal(run.out.split('\n').filter((l) => l.startsWith('  c_external__smtp[')).length, 1);
      assert.match(run.out, /c_billing__rater -\.-> c_external__smtp\n/);
      assert.match(run.out, /c_voice__sip -\.->\|"submission"\| c_external__smtp\n/);
      assert.match(run.out, /ingress -->\|"UDPRoute sip-udp"\| c_voice__sip\n/);
      assert.match(run.out, /ingress -->\|"calls"\| c_voice__api\n/);
    } finally {
      await removeDir(scenario);
    }
  });

  it('refuses an unknown environment or format', async () => {
    const run = await flotilla(dir, 'graph', '--env', 'prd');
    assert.equal(run.code, 1);
    assert.match(run.err, /no environment named "prd" in this fleet\. Did you mean "prod"\?/);
    assert.equal((await flotilla(dir, 'graph', '--format', 'svg')).code, 2);
  });
});
