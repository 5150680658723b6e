/**
 * Checks requests and responses against an API's own OpenAPI description:
 * GitHub's (`@octokit/openapi`, OpenAPI 3.0, the same document GitHub
 * publishes for api.github.com) for the GitHub stand-in, and Argo CD's
 * (`assets/swagger.json`, Swagger 2.0) for the Argo CD stand-in.
 *
 * A stand-in runs every request through `checkRequest` and every body it
 * is about to send through `checkResponse`; a non-empty problem list means the
 * client (or the stand-in itself) drifted from the real API.
 *
 * Deliberately stricter than the real APIs in two places: unknown top-level
 * request body properties and unknown query parameters are rejected. The
 * servers silently ignore them, which would hide a misspelt field (e.g.
 * `titel`) until production.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { deref, isObject, type Json, type JsonObject, resolvePointer, SCHEMA_BASE, schemaPrefix, toJsonSchema } from './openapi-json-schema.ts';

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default
// import may be the module namespace rather than the function.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

const require = createRequire(import.meta.url);
const SPEC_PATH = require.resolve('@octokit/openapi/generated/api.github.com.json');
const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];

export interface MatchedOperation {
  operationId: string;
  method: string;
  template: string;
  pathParams: Record<string, string>;
  op: JsonObject;
}

export interface RequestToCheck {
  method: string;
  pathname: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

interface Route {
  method: string;
  template: string;
  regex: RegExp;
  names: string[];
  literalSegments: number;
  op: JsonObject;
}

export class OpenApiContract {
  private readonly requestAjv = newAjv({ coerceTypes: false, allErrors: true });
  // Query/path values arrive as strings; coercion lets `per_page=100` satisfy `type: integer`.
  private readonly paramAjv = newAjv({ coerceTypes: true, allErrors: true });
  // Response schemas (full repository objects inside pull requests) are large:
  // reporting only the first error compiles ~3x faster, and one error is enough.
  private readonly responseAjv = newAjv({ coerceTypes: false, allErrors: false });
  private readonly registered = new WeakMap<Ajv, Set<string>>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly routes: Route[];

  private readonly swagger2: boolean;

  /** `name` says whose description it is, in problems ("not an operation in Argo CD's OpenAPI description"). */
  constructor(
    private readonly spec: JsonObject,
    private readonly name = "GitHub's OpenAPI description",
  ) {
    this.routes = buildRoutes(spec);
    this.swagger2 = spec.swagger === '2.0';
  }

  /** Finds the documented operation for a concrete method + path, if any. */
  match(method: string, pathname: string): MatchedOperation | undefined {
    const candidates = this.routes
      .filter((r) => r.method === method.toLowerCase())
      .map((r) => ({ r, m: r.regex.exec(pathname) }))
      .filter((c): c is { r: Route; m: RegExpExecArray } => c.m !== null)
      // `/repos/{o}/{r}/pulls/comments` must win over `/repos/{o}/{r}/pulls/{n}`.
      .sort((a, b) => b.r.literalSegments - a.r.literalSegments);
    const best = candidates[0];
    if (!best) return undefined;
    const pathParams = Object.fromEntries(best.r.names.map((name, i) => [name, decodeURIComponent(best.m[i + 1])]));
    return {
      operationId: String(best.r.op.operationId),
      method: best.r.method,
      template: best.r.template,
      pathParams,
      op: best.r.op,
    };
  }

  checkRequest(req: RequestToCheck): { operation?: MatchedOperation; problems: string[] } {
    const operation = this.match(req.method, req.pathname);
    if (!operation) {
      return { problems: [`${req.method} ${req.pathname} is not an operation in ${this.name}`] };
    }
    const problems: string[] = [];
    const params = this.parameters(operation);
    problems.push(...this.checkParams(operation, 'path', params, operation.pathParams));
    // A parameter declared as a list may be repeated (?projects=a&projects=b); any other only once.
    const lists = new Set(params.filter((p) => p.in === 'query' && (paramSchema(p) as JsonObject).type === 'array').map((p) => String(p.name)));
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of req.query) {
      if (lists.has(k)) query[k] = [...((query[k] as string[] | undefined) ?? []), v];
      else if (Object.hasOwn(query, k)) problems.push(`query parameter "${k}" given more than once`);
      else query[k] = v;
    }
    problems.push(...this.checkParams(operation, 'query', params, query));
    problems.push(...this.checkBody(operation, req));
    return { operation, problems: problems.map((p) => `${operation.operationId}: ${p}`) };
  }

  /** `body` is the parsed JSON about to be sent (undefined for an empty body). */
  checkResponse(operation: MatchedOperation, status: number, body: unknown): string[] {
    const responses = operation.op.responses;
    let response = isObject(responses) ? deref(this.spec, responses[String(status)]) : undefined;
    // Swagger 2.0 descriptions (Argo CD's, made by grpc-gateway) give every error one `default` shape.
    if (response === undefined && this.swagger2 && isObject(responses)) response = deref(this.spec, responses.default);
    if (response === undefined && status >= 400) {
      // GitHub does not document every error on every operation (e.g. 401 is
      // possible everywhere); such bodies must still be GitHub's error shapes.
      const name = status === 422 ? 'validation-error' : 'basic-error';
      response = { content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } };
    }
    if (!isObject(response)) {
      return [`${operation.operationId}: status ${status} is not a documented response`];
    }
    const schema = this.swagger2 ? response.schema : jsonSchemaOf(response.content);
    if (schema === undefined) {
      return body === undefined ? [] : [`${operation.operationId}: status ${status} must have an empty body`];
    }
    const key = `${operation.operationId}:response:${status}`;
    const validate = this.compile(this.responseAjv, key, schema, false);
    return validate(body) ? [] : [`${operation.operationId} response ${status}: ${errorsText(validate, 'body')}`];
  }

  private parameters(operation: MatchedOperation): JsonObject[] {
    const pathItem = this.spec.paths && isObject(this.spec.paths) ? this.spec.paths[operation.template] : undefined;
    const shared = isObject(pathItem) && Array.isArray(pathItem.parameters) ? pathItem.parameters : [];
    const own = Array.isArray(operation.op.parameters) ? operation.op.parameters : [];
    return [...shared, ...own].map((p) => deref(this.spec, p)).filter(isObject);
  }

  private checkParams(operation: MatchedOperation, location: 'path' | 'query', params: JsonObject[], values: Record<string, string | string[]>): string[] {
    const declared = params.filter((p) => p.in === location);
    const schema: JsonObject = {
      type: 'object',
      properties: Object.fromEntries(declared.map((p) => [String(p.name), paramSchema(p)])),
      required: declared.filter((p) => p.required === true).map((p) => String(p.name)),
      // GitHub ignores unknown query parameters; we reject them to catch typos.
      additionalProperties: false,
    };
    const key = `${operation.operationId}:${location}`;
    const validate = this.compile(this.paramAjv, key, schema, false);
    return validate({ ...values }) ? [] : [`${location} parameters: ${errorsText(validate, location)}`];
  }

  private checkBody(operation: MatchedOperation, req: RequestToCheck): string[] {
    // Swagger 2.0 declares the body as an `in: body` parameter; OpenAPI 3 as requestBody.
    const bodyParam = this.swagger2 ? this.parameters(operation).find((p) => p.in === 'body') : undefined;
    const requestBody = this.swagger2
      ? bodyParam && { required: bodyParam.required ?? false, content: { 'application/json': { schema: bodyParam.schema ?? {} } } }
      : deref(this.spec, operation.op.requestBody);
    const hasBody = req.rawBody.trim() !== '';
    if (!isObject(requestBody)) {
      return hasBody ? ['this operation takes no request body'] : [];
    }
    if (!hasBody) return requestBody.required === true ? ['request body is required'] : [];
    const contentType = String(req.headers['content-type'] ?? '');
    if (!contentType.startsWith('application/json')) {
      return [`request body must be sent as application/json, got "${contentType}"`];
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(req.rawBody);
    } catch {
      return ['request body is not valid JSON'];
    }
    const schema = jsonSchemaOf(requestBody.content);
    if (schema === undefined) return ['operation has no application/json request body'];
    const validate = this.compile(this.requestAjv, `${operation.operationId}:request`, schema, true);
    return validate(parsed) ? [] : [`request body: ${errorsText(validate, 'body')}`];
  }

  /** `key` names the operation and part checked; each is compiled once per process. */
  private compile(ajv: Ajv, key: string, openApiSchema: Json, closeTopLevel: boolean): ValidateFunction {
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const needed = new Set<string>();
    let schema = toJsonSchema(this.spec, openApiSchema, needed);
    if (closeTopLevel) schema = closeObject(schema);
    this.registerComponents(ajv, needed);
    const validate = ajv.compile(schema as object);
    this.compiled.set(key, validate);
    return validate;
  }

  /** Registers every component schema reachable from `needed` (transitively). */
  private registerComponents(ajv: Ajv, needed: Set<string>): void {
    let done = this.registered.get(ajv);
    if (!done) {
      done = new Set();
      this.registered.set(ajv, done);
    }
    const queue = [...needed];
    while (queue.length > 0) {
      const name = queue.pop()!;
      if (done.has(name)) continue;
      done.add(name);
      const more = new Set<string>();
      const converted = toJsonSchema(this.spec, resolvePointer(this.spec, `${schemaPrefix(this.spec)}${name}`), more);
      ajv.addSchema(converted as object, SCHEMA_BASE + encodeURIComponent(name));
      queue.push(...more);
    }
  }
}

let shared: OpenApiContract | undefined;

/** Parsing the 13 MB description takes ~200 ms, so one instance per process. */
export function loadContract(): OpenApiContract {
  shared ??= new OpenApiContract(JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as JsonObject);
  return shared;
}

/** A contract for another API's description file (e.g. Argo CD's swagger.json), read once per process and path. */
const byPath = new Map<string, OpenApiContract>();
export function loadContractFile(path: string, name: string): OpenApiContract {
  let contract = byPath.get(path);
  if (!contract) {
    contract = new OpenApiContract(JSON.parse(readFileSync(path, 'utf8')) as JsonObject, name);
    byPath.set(path, contract);
  }
  return contract;
}

function newAjv(options: { coerceTypes: boolean; allErrors: boolean }): Ajv {
  // strict: false because GitHub's schemas use annotations Ajv does not know
  // (e.g. `readOnly` next to `$ref`); they carry no constraints.
  const ajv = new Ajv({ strict: false, useDefaults: false, ...options });
  addFormats(ajv);
  ajv.addFormat('repo.nwo', /^[^/\s]+\/[^/\s]+$/);
  ajv.addFormat('timestamp', true);
  return ajv;
}

/** A parameter's schema: OpenAPI 3 nests it under `schema`; Swagger 2.0 writes type, format, items and enum on the parameter. */
function paramSchema(p: JsonObject): Json {
  if (p.schema !== undefined) return p.schema;
  const keys = ['type', 'format', 'items', 'enum', 'pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'default'];
  return Object.fromEntries(keys.filter((k) => p[k] !== undefined).map((k) => [k, p[k]!]));
}

function buildRoutes(spec: JsonObject): Route[] {
  const routes: Route[] = [];
  const paths = isObject(spec.paths) ? spec.paths : {};
  for (const [template, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    const names: string[] = [];
    const pattern = template
      .split('/')
      .map((segment) =>
        segment.replace(/\{([^}]+)\}|[^{}]+/g, (part, name?: string) => {
          if (name) {
            names.push(name);
            return '([^/]+)';
          }
          return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        }),
      )
      .join('/');
    const literalSegments = template.split('/').filter((s) => s && !s.includes('{')).length;
    for (const method of METHODS) {
      const op = item[method];
      if (isObject(op)) routes.push({ method, template, regex: new RegExp(`^${pattern}$`), names, literalSegments, op });
    }
  }
  return routes;
}

function jsonSchemaOf(content: Json | undefined): Json | undefined {
  if (!isObject(content)) return undefined;
  const json = Object.entries(content).find(([type]) => type.startsWith('application/json'));
  return json && isObject(json[1]) ? json[1].schema : undefined;
}

function closeObject(schema: Json): Json {
  if (!isObject(schema)) return schema;
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = schema[keyword];
    if (Array.isArray(branches)) return { ...schema, [keyword]: branches.map(closeObject) };
  }
  if (isObject(schema.properties) && schema.additionalProperties === undefined) {
    return { ...schema, additionalProperties: false };
  }
  return schema;
}

/** Ajv's own text omits which property was unexpected; that is the useful part. */
function errorsText(validate: ValidateFunction, dataVar: string): string {
  return (validate.errors ?? [])
    .map((e) => {
      const extra = (e.params as { additionalProperty?: string }).additionalProperty;
      return `${dataVar}${e.instancePath} ${e.message}${extra ? ` ("${extra}")` : ''}`;
    })
    .join('; ');
}
