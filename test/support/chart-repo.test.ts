/** The loopback chart repository the chart tests use must not outlive a failed set-up: an open server would hang the run. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { serveChartRepo } from './chart-repo.ts';

const servers = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;

it('closes its server when packaging a chart fails', async () => {
  const before = servers();
  await assert.rejects(serveChartRepo(['no-such-chart-1.0.0']), /no-such-chart-1\.0\.0/);
  assert.equal(servers(), before, 'a server was left listening');
});

it('closes its server on close()', async () => {
  const before = servers();
  const repo = await serveChartRepo(['redis-17.17.1']);
  assert.equal(servers(), before + 1);
  await repo.close();
  assert.equal(servers(), before);
});
