/**
 * A contract-checked stand-in for the Argo CD API server, for tests.
 *
 * Argo CD cannot run here, and a hand-written mock would drift from the real
 * API unnoticed. So this local HTTP server (127.0.0.1, random port) keeps
 * Applications in memory and checks EVERY request (method, path, path and
 * query parameters, body) and EVERY response body it is about to send
 * against Argo CD's own OpenAPI description: `assets/swagger.json` of
 * argoproj/argo-cd at tag v3.5.1 (the latest 3.x release when it was
 * vendored), kept at test/fixtures/argocd/swagger-v3.5.1.json, through the
 * same contract checker as the GitHub stand-in (../fake-github/contract.ts).
 * A violation is recorded in `violations` and answered with 400.
 *
 * Errors are shaped as Argo CD's grpc-gateway sends them (runtimeError:
 * `{ error, code, message }` with gRPC codes: 16 unauthenticated, 5 not found).
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadContractFile, type MatchedOperation, type OpenApiContract } from '../fake-github/contract.ts';

/** Argo CD's own description, as vendored: argoproj/argo-cd, tag v3.5.1, assets/swagger.json. */
export const ARGOCD_SWAGGER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/argocd/swagger-v3.5.1.json');
export const ARGOCD_SWAGGER_SOURCE = 'argoproj/argo-cd v3.5.1 assets/swagger.json';

export interface LiveApplication {
  name: string;
  namespace?: string;
  project?: string;
  /** Synced, OutOfSync, Unknown. */
  sync: string;
  /** The synced commit (a path source). */
  revision?: string;
  /** Multi-source Applications (a Helm chart plus the values from the fleet repo): one revision per source. */
  revisions?: string[];
  /** Healthy, Progressing, Degraded, Suspended, Missing, Unknown. */
  health: string;
  healthMessage?: string;
  images?: string[];
}

export interface RecordedRequest {
  method: string;
  url: string;
  operationId?: string;
  headers: IncomingHttpHeaders;
  status: number;
}

export class FakeArgoCd {
  readonly applications = new Map<string, LiveApplication>();
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly token: string,
    private readonly contract: OpenApiContract,
  ) {}

  static async start(options: { token: string }): Promise<FakeArgoCd> {
    const contract = loadContractFile(ARGOCD_SWAGGER, "Argo CD's OpenAPI description");
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeArgoCd(server, `http://127.0.0.1:${port}`, options.token, contract);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => fake.serve(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks).toString('utf8'), res));
    });
    return fake;
  }

  set(app: LiveApplication): void {
    this.applications.set(app.name, app);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(method: string, rawUrl: string, headers: IncomingHttpHeaders, body: string, res: ServerResponse): void {
    const url = new URL(rawUrl, this.url);
    const record: RecordedRequest = { method, url: rawUrl, headers, status: 0 };
    this.requests.push(record);
    const checked = this.contract.checkRequest({ method, pathname: url.pathname, query: url.searchParams, headers, rawBody: body });
    record.operationId = checked.operation?.operationId;
    if (checked.problems.length > 0 || !checked.operation) {
      this.violation(res, record, checked.problems);
      return;
    }
    const operation = checked.operation;
    if (!/^Bearer (.+)$/i.test(headers.authorization ?? '') || headers.authorization!.slice(7) !== this.token) {
      this.send(res, record, operation, 401, { error: 'invalid session: token is invalid', code: 16, message: 'invalid session: token is invalid' });
      return;
    }
    if (operation.operationId === 'ApplicationService_Get') {
      const app = this.applications.get(operation.pathParams.name!);
      const namespace = url.searchParams.get('appNamespace') ?? 'argocd';
      if (!app || (app.namespace ?? 'argocd') !== namespace) {
        const message = `applications.argoproj.io "${operation.pathParams.name}" not found`;
        this.send(res, record, operation, 404, { error: message, code: 5, message });
        return;
      }
      this.send(res, record, operation, 200, applicationObject(app));
      return;
    }
    if (operation.operationId === 'ApplicationService_List') {
      this.send(res, record, operation, 200, { metadata: {}, items: [...this.applications.values()].map(applicationObject) });
      return;
    }
    this.violation(res, record, [`fake Argo CD does not implement ${operation.operationId}`]);
  }

  private send(res: ServerResponse, record: RecordedRequest, operation: MatchedOperation, status: number, body: unknown): void {
    const problems = this.contract.checkResponse(operation, status, body);
    if (problems.length > 0) {
      this.violation(res, record, problems);
      return;
    }
    record.status = status;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private violation(res: ServerResponse, record: RecordedRequest, problems: string[]): void {
    this.violations.push(...problems);
    record.status = 400;
    const message = `fake Argo CD contract violation: ${problems.join(' | ')}`;
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: message, code: 3, message }));
  }
}

/** A v1alpha1Application as Argo CD's API returns it (the fields promotion reads, and the ones around them). */
function applicationObject(app: LiveApplication): unknown {
  return {
    metadata: { name: app.name, namespace: app.namespace ?? 'argocd', uid: `uid-${app.name}`, resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { project: app.project ?? 'default', destination: { server: 'https://kubernetes.default.svc', namespace: app.name } },
    status: {
      sync: {
        status: app.sync,
        ...(app.revision !== undefined ? { revision: app.revision } : {}),
        ...(app.revisions !== undefined ? { revisions: app.revisions } : {}),
      },
      health: { status: app.health, ...(app.healthMessage ? { message: app.healthMessage } : {}), lastTransitionTime: '2026-01-01T00:00:00Z' },
      summary: { images: app.images ?? [] },
      reconciledAt: '2026-01-01T00:00:00Z',
    },
  };
}
