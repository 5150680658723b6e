// A minimal smart-HTTP git server for tests: node http in front of the real
// `git http-backend` CGI on 127.0.0.1. It can demand a token and can drop the
// connection after a push was applied, the nastiest "did it land?" case.
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHttpServer {
  /** Base URL; repositories are at `${url}/<name>.git`. */
  url: string;
  /** Authorization header of every request, in order. */
  seenAuthorization: Array<string | undefined>;
  /** The next receive-pack request is fully applied, then the socket is closed without a response. */
  dropNextPushResponse(): void;
  close(): Promise<void>;
}

export async function startGitHttpServer(projectRoot: string, opts: { token?: string } = {}): Promise<GitHttpServer> {
  const expected = opts.token ? `Basic ${Buffer.from(`x-access-token:${opts.token}`).toString('base64')}` : undefined;
  const seenAuthorization: Array<string | undefined> = [];
  let dropNext = false;

  const server = createServer((req, res) => {
    seenAuthorization.push(req.headers.authorization);
    if (expected && req.headers.authorization !== expected) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="fleet"' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const drop = dropNext && req.method === 'POST' && url.pathname.endsWith('/git-receive-pack');
    if (drop) dropNext = false;
    runBackend(projectRoot, req, url, res, drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seenAuthorization,
    dropNextPushResponse: () => {
      dropNext = true;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function runBackend(projectRoot: string, req: IncomingMessage, url: URL, res: ServerResponse, drop: boolean): void {
  const h = req.headers;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: process.env.GIT_CONFIG_GLOBAL,
    GIT_PROJECT_ROOT: projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    REMOTE_USER: 'flotilla-test', // enables receive-pack (push) in http-backend
    REMOTE_ADDR: '127.0.0.1',
    REQUEST_METHOD: req.method,
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    CONTENT_TYPE: h['content-type'] ?? '',
    ...(h['content-length'] ? { CONTENT_LENGTH: h['content-length'] } : {}),
    ...(h['content-encoding'] ? { HTTP_CONTENT_ENCODING: String(h['content-encoding']) } : {}),
    ...(h['git-protocol'] ? { HTTP_GIT_PROTOCOL: String(h['git-protocol']) } : {}),
  };
  const cgi = spawn('git', ['http-backend'], { env });
  req.pipe(cgi.stdin);
  const out: Buffer[] = [];
  cgi.stdout.on('data', (b: Buffer) => out.push(b));
  cgi.on('close', () => {
    if (drop) {
      res.socket?.destroy(); // the refs are already updated; the client never hears so
      return;
    }
    const raw = Buffer.concat(out);
    let split = raw.indexOf('\r\n\r\n');
    let sepLen = 4;
    if (split < 0) {
      split = raw.indexOf('\n\n');
      sepLen = 2;
    }
    const headers: Record<string, string> = {};
    let status = 200;
    for (const line of raw.subarray(0, split).toString('latin1').split(/\r?\n/)) {
      const i = line.indexOf(':');
      if (i < 0) continue;
      const name = line.slice(0, i).trim();
      const value = line.slice(i + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else headers[name] = value;
    }
    res.writeHead(status, headers).end(raw.subarray(split + sepLen));
  });
}
