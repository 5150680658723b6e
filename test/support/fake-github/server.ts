/**
 * A contract-checked stand-in for api.github.com, for tests.
 *
 * GitHub cannot be reached from tests, and hand-written mocks drift from the
 * real API without anyone noticing. So this local HTTP server (127.0.0.1,
 * random port) keeps real state (repositories, branches, pull requests,
 * labels) and checks EVERY request it receives (method, path, path and query
 * parameters, JSON body) and EVERY response body it is about to send against
 * GitHub's official OpenAPI description (`@octokit/openapi`, see
 * contract.ts). A violation is recorded in `violations` and answered with
 * 400, which the client does not retry, so the test fails.
 *
 * Per-test fault injection (`intercept`) answers N times with a canned status
 * and headers, drops the connection, or mutates state first (to simulate a
 * concurrent run). Every request is recorded so tests can assert on headers,
 * e.g. that the token appears in Authorization and nowhere else.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadContract, type MatchedOperation, type OpenApiContract } from './contract.ts';
import type { CannedResponse } from './faults.ts';
import { FakeGitHubState } from './github-state.ts';
import { errorBody } from './shapes.ts';

export interface Intercept {
  /** operationId to match, e.g. "pulls/create"; omitted: any request. */
  operation?: string;
  /** How many matching requests this applies to; default 1. */
  times?: number;
  /** Runs against state before anything else, e.g. to open a PR "concurrently". */
  before?: (state: FakeGitHubState) => void;
  /** Answer with this instead of the real behaviour. */
  respond?: CannedResponse;
  /**
   * Close the socket without answering: "instead" of handling the request, or
   * "after-handling" it (state changed, but the client never hears back).
   */
  drop?: 'instead' | 'after-handling';
}

export interface RecordedRequest {
  method: string;
  /** Path and query string as received. */
  url: string;
  operationId?: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** `performance.now()` when the request arrived, for asserting waits. */
  at: number;
  /** Status answered; 0 when the connection was dropped. */
  status: number;
}

export interface FakeGitHubOptions {
  /** The only token accepted (as `token X` or `Bearer X`). */
  token: string;
}

export class FakeGitHub {
  readonly state = new FakeGitHubState();
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  private readonly intercepts: (Intercept & { remaining: number })[] = [];
  private requestSeq = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly options: FakeGitHubOptions,
    private readonly contract: OpenApiContract,
  ) {}

  static async start(options: FakeGitHubOptions): Promise<FakeGitHub> {
    const contract = loadContract();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeGitHub(server, `http://127.0.0.1:${port}`, options, contract);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => fake.serve(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks).toString('utf8'), res));
    });
    return fake;
  }

  intercept(rule: Intercept): void {
    this.intercepts.push({ ...rule, remaining: rule.times ?? 1 });
  }

  /** Requests for one operation, in arrival order. */
  requestsFor(operationId: string): RecordedRequest[] {
    return this.requests.filter((r) => r.operationId === operationId);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(method: string, rawUrl: string, headers: IncomingHttpHeaders, body: string, res: ServerResponse): void {
    const url = new URL(rawUrl, this.url);
    const record: RecordedRequest = { method, url: rawUrl, headers, body, at: performance.now(), status: 0 };
    this.requests.push(record);

    const checked = this.contract.checkRequest({ method, pathname: url.pathname, query: url.searchParams, headers, rawBody: body });
    record.operationId = checked.operation?.operationId;
    if (checked.problems.length > 0 || !checked.operation) {
      this.violation(res, record, checked.problems);
      return;
    }
    const operation = checked.operation;

    const rule = this.intercepts.find((r) => r.remaining > 0 && (!r.operation || r.operation === operation.operationId));
    if (rule) rule.remaining--;
    rule?.before?.(this.state);
    if (rule?.drop === 'instead') {
      res.socket?.destroy();
      return;
    }
    if (rule?.respond) {
      this.send(res, record, operation, rule.respond);
      return;
    }

    if (!this.authorized(headers.authorization)) {
      this.send(res, record, operation, { status: 401, body: errorBody(401, 'Bad credentials') });
      return;
    }
    const parsed = body.trim() === '' ? undefined : JSON.parse(body);
    const output = this.state.handle(operation.operationId, {
      pathParams: operation.pathParams,
      query: url.searchParams,
      body: parsed,
      url,
    });
    if (!output) {
      this.violation(res, record, [`fake-github does not implement ${operation.operationId}`]);
      return;
    }
    if (rule?.drop === 'after-handling') {
      res.socket?.destroy();
      return;
    }
    this.send(res, record, operation, output);
  }

  private authorized(header: string | undefined): boolean {
    const match = /^(?:token|bearer) (.+)$/i.exec(header ?? '');
    return match?.[1] === this.options.token;
  }

  private send(res: ServerResponse, record: RecordedRequest, operation: MatchedOperation, out: CannedResponse): void {
    const problems = this.contract.checkResponse(operation, out.status, out.body);
    if (problems.length > 0) {
      this.violation(res, record, problems);
      return;
    }
    record.status = out.status;
    const payload = out.body === undefined ? '' : JSON.stringify(out.body);
    res.writeHead(out.status, {
      ...this.standardHeaders(),
      ...(payload ? { 'content-type': 'application/json; charset=utf-8' } : {}),
      ...out.headers,
    });
    res.end(payload);
  }

  /** Contract breaches answer 400: never retried, so the client fails fast and visibly. */
  private violation(res: ServerResponse, record: RecordedRequest, problems: string[]): void {
    this.violations.push(...problems);
    record.status = 400;
    res.writeHead(400, { ...this.standardHeaders(), 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(errorBody(400, `fake-github contract violation: ${problems.join(' | ')}`)));
  }

  private standardHeaders(): Record<string, string> {
    this.requestSeq++;
    return {
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': `FAKE:${String(this.requestSeq).padStart(6, '0')}`,
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(5000 - this.requestSeq),
      'x-ratelimit-used': String(this.requestSeq),
      'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600),
      'x-ratelimit-resource': 'core',
    };
  }
}

export { faults } from './faults.ts';
