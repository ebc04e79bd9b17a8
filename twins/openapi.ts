// Request (and response) validation against upstream OpenAPI 3 / Swagger 2 documents, so every request a
// geoflux client sends to a twin is checked against the contract of the real server.
// Several documents may describe one server: a request is valid when one operation that matches it accepts it
// (the first matching document's violations are reported otherwise).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IncomingHttpHeaders } from 'node:http';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { MultipartError, isMultipartForm, parseMultipartForm, type FormPart } from './multipart.ts';

export interface SpecRequest {
  method: string;
  /** Full path as received, e.g. /geonetwork/srv/api/records (no query string). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body?: Buffer | string;
  /** The body went to the server unread (an upload): its presence and media type are checked, its bytes cannot be. */
  bodyStreamed?: boolean;
}

export interface SpecResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body?: Buffer | string;
}

export interface OperationMatch {
  /** Path template as the spec writes it, e.g. /records/{metadataUuid}. */
  template: string;
  method: string;
  file: string;
}

export interface SpecValidatorOptions {
  /** Path prefix the spec's paths are relative to, e.g. /geoserver/rest. */
  serverBase: string;
  /** Extensions the server strips from the last path segment to pick a format (GeoServer: json, xml, …). */
  formatSuffixes?: string[];
  /** Request media types a server also accepts where the spec declares the key (GeoServer: XML wherever JSON is). */
  mediaAliases?: Record<string, string[]>;
  /**
   * Multipart form fields are request parameters too (Spring's @RequestParam reads the query string and the form
   * alike), and a `format: binary` query parameter is a file part of the form: springdoc documents a
   * `@RequestParam MultipartFile` that way, with no request body.
   */
  formFieldsAreParameters?: boolean;
  /** Rewrite spec path templates (known spec defects), e.g. strip a spurious /rest prefix. */
  rewriteTemplate?: (template: string, file: string) => string;
  /** Last word on a request's violations: drops the ones known to be spec defects. */
  allowViolation?: (violation: string, request: SpecRequest, operation: OperationMatch) => boolean;
  /** The same for a response's violations. */
  allowResponseViolation?: (violation: ResponseViolation, response: SpecResponse, operation: OperationMatch) => boolean;
}

export interface ResponseViolation {
  /** As reported, e.g. "response body/workspaces must be object". */
  text: string;
  /** For a body schema violation: the ajv keyword, the JSON pointer of the offending value and the value. */
  keyword?: string;
  instancePath?: string;
  value?: unknown;
}

export interface SpecValidator {
  /** The operation a request addresses, or undefined when no document has its path. */
  match(method: string, requestPath: string): OperationMatch | undefined;
  validateRequest(request: SpecRequest): string[];
  validateResponse(request: { method: string; path: string }, response: SpecResponse): string[];
}

type Json = any;

interface Located {
  node: Json;
  doc: LoadedDoc;
  /** JSON pointer of node inside doc (without '#'). */
  pointer: string;
}

interface LoadedDoc {
  file: string;
  uri: string;
  json: Json;
  swagger2: boolean;
}

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  schema: Json;
  schemaRef?: string;
}

interface Operation extends OperationMatch {
  doc: LoadedDoc;
  regex: RegExp;
  paramNames: string[];
  literalLength: number;
  parameters: Parameter[];
  /** media type → schema ref (or undefined: any body of that type) */
  bodyTypes: Map<string, string | undefined>;
  bodyRequired: boolean;
  responses: Map<string, Map<string, string | undefined>>;
}

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const docCache = new Map<string, Json>();

/**
 * The yaml package is stricter than the parsers that produced/consume these files (SnakeYAML, js-yaml):
 * it refuses quoted-scalar continuation lines indented no deeper than their key. Indent them a little more;
 * the folded text is unchanged.
 */
function readYaml(file: string): Json {
  const cached = docCache.get(file);
  if (cached) return cached;
  const text = readFileSync(file, 'utf8')
    .replace(/\\\n(\s*)\\ /g, '\\\n$1 \\ ')
    .replace(/^(\s*)'$/gm, "$1  '");
  const json = parseYaml(text, { maxAliasCount: -1 });
  docCache.set(file, json);
  return json;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function unescapePointer(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}

function escapePointer(part: string): string {
  return part.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** OpenAPI 3.0 / Swagger 2 schema dialect → JSON Schema draft-07 that ajv understands. */
function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'examples' || key === 'xml' || key === 'discriminator') {
      if (typeof value !== 'object' || value === null || key === 'example') continue;
    }
    out[key] = toJsonSchema(value);
  }
  if (out.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  delete out.nullable;
  if (typeof out.exclusiveMinimum === 'boolean') {
    if (out.exclusiveMinimum && typeof out.minimum === 'number') (out.exclusiveMinimum = out.minimum), delete out.minimum;
    else delete out.exclusiveMinimum;
  }
  if (typeof out.exclusiveMaximum === 'boolean') {
    if (out.exclusiveMaximum && typeof out.maximum === 'number') (out.exclusiveMaximum = out.maximum), delete out.maximum;
    else delete out.exclusiveMaximum;
  }
  // A bare "type:" (null) or an unknown type name in hand-written specs constrains nothing.
  if ('type' in out && !isJsonType(out.type)) delete out.type;
  return out;
}

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
function isJsonType(type: unknown): boolean {
  if (typeof type === 'string') return JSON_TYPES.has(type);
  return Array.isArray(type) && type.every((t) => typeof t === 'string' && JSON_TYPES.has(t));
}

function mediaBase(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

function mediaMatches(declared: string, actual: string): boolean {
  const d = mediaBase(declared);
  if (d === '*/*' || d === actual) return true;
  if (d.endsWith('/*')) return actual.startsWith(d.slice(0, -1));
  return false;
}

function isJsonMedia(media: string): boolean {
  return media === 'application/json' || media === 'text/json' || media.endsWith('+json');
}

function templateRegex(template: string): { regex: RegExp; names: string[]; literalLength: number } {
  const names: string[] = [];
  let literalLength = 0;
  let source = '';
  for (const piece of template.split(/(\{[^}]+\})/)) {
    if (piece.startsWith('{+') && piece.endsWith('}')) {
      // RFC 6570 reserved expansion: the value may hold slashes (Spring's /resource/** mapping)
      names.push(piece.slice(2, -1));
      source += '(.+?)';
    } else if (piece.startsWith('{') && piece.endsWith('}')) {
      names.push(piece.slice(1, -1));
      source += '([^/]+?)';
    } else {
      literalLength += piece.length;
      source += piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return { regex: new RegExp(`^${source}/?$`), names, literalLength };
}

export function loadSpecValidator(specFiles: string[], options: SpecValidatorOptions): SpecValidator {
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false });
  addFormats(ajv);
  const docs = new Map<string, LoadedDoc>();

  function loadDoc(file: string): LoadedDoc {
    const absolute = path.resolve(file);
    let doc = docs.get(absolute);
    if (doc) return doc;
    const raw = readYaml(absolute);
    const uri = pathToFileURL(absolute).href;
    doc = { file: absolute, uri, json: raw, swagger2: typeof raw?.swagger === 'string' };
    docs.set(absolute, doc);
    ajv.addSchema({ ...toJsonSchema(raw), $id: uri });
    for (const file of referencedFiles(raw)) loadDoc(path.resolve(path.dirname(absolute), file));
    return doc;
  }

  function resolve(node: Json, doc: LoadedDoc, pointer: string): Located {
    let current: Located = { node, doc, pointer };
    for (let hops = 0; current.node && typeof current.node.$ref === 'string' && hops < 20; hops++) {
      const [filePart, fragment = ''] = (current.node.$ref as string).split('#');
      const target = filePart ? loadDoc(path.resolve(path.dirname(current.doc.file), filePart)) : current.doc;
      let value: Json = target.json;
      for (const part of fragment.split('/').filter(Boolean)) value = value?.[unescapePointer(part)];
      current = { node: value, doc: target, pointer: fragment };
    }
    return current;
  }

  const operations: Operation[] = [];
  for (const file of specFiles) {
    const doc = loadDoc(file);
    for (const [rawTemplate, pathItem] of Object.entries<Json>(doc.json.paths ?? {})) {
      const template = options.rewriteTemplate ? options.rewriteTemplate(rawTemplate, doc.file) : rawTemplate;
      const pathPointer = `/paths/${escapePointer(rawTemplate)}`;
      const { regex, names, literalLength } = templateRegex(template);
      for (const method of METHODS) {
        const op = pathItem?.[method];
        if (!op) continue;
        const opPointer = `${pathPointer}/${method}`;
        operations.push({
          template,
          method: method.toUpperCase(),
          file: doc.file,
          doc,
          regex,
          paramNames: names,
          literalLength,
          ...describeOperation(doc, pathItem, op, pathPointer, opPointer),
        });
      }
    }
  }

  function describeOperation(doc: LoadedDoc, pathItem: Json, op: Json, pathPointer: string, opPointer: string) {
    const parameters = new Map<string, Parameter>();
    const bodyTypes = new Map<string, string | undefined>();
    let bodyRequired = false;
    const lists: Array<[Json[], string]> = [
      [pathItem.parameters ?? [], `${pathPointer}/parameters`],
      [op.parameters ?? [], `${opPointer}/parameters`],
    ];
    let bodySchemaRef: string | undefined;
    let hasFormData = false;
    for (const [list, listPointer] of lists) {
      list.forEach((raw, index) => {
        const p = resolve(raw, doc, `${listPointer}/${index}`);
        if (!p.node?.name) return;
        if (p.node.in === 'body') {
          bodySchemaRef = p.node.schema ? `${p.doc.uri}#${p.pointer}/schema` : undefined;
          bodyRequired = p.node.required === true;
          return;
        }
        if (p.node.in === 'formData') hasFormData = true;
        const schema = p.node.schema ?? p.node; // Swagger 2 puts type/enum on the parameter itself
        parameters.set(`${p.node.in}:${p.node.name}`, {
          name: p.node.name,
          in: p.node.in,
          required: p.node.required === true || p.node.in === 'path',
          schema: toJsonSchema({ type: schema.type, enum: schema.enum, items: schema.items, format: schema.format }),
        });
      });
    }
    if (doc.swagger2) {
      const consumes: string[] = op.consumes ?? doc.json.consumes ?? [];
      const types = consumes.length > 0 ? consumes : hasFormData ? ['multipart/form-data', 'application/x-www-form-urlencoded'] : [];
      for (const type of types) bodyTypes.set(mediaBase(type), bodySchemaRef);
    } else if (op.requestBody) {
      const body = resolve(op.requestBody, doc, `${opPointer}/requestBody`);
      bodyRequired = body.node?.required === true;
      for (const [type, media] of Object.entries<Json>(body.node?.content ?? {})) {
        const ref = media?.schema ? `${body.doc.uri}#${body.pointer}/content/${escapePointer(type)}/schema` : undefined;
        bodyTypes.set(mediaBase(type), ref);
      }
    }
    const responses = new Map<string, Map<string, string | undefined>>();
    for (const [status, rawResponse] of Object.entries<Json>(op.responses ?? {})) {
      const response = resolve(rawResponse, doc, `${opPointer}/responses/${escapePointer(status)}`);
      const types = new Map<string, string | undefined>();
      if (doc.swagger2) {
        const produces: string[] = op.produces ?? doc.json.produces ?? [];
        const ref = response.node?.schema ? `${response.doc.uri}#${response.pointer}/schema` : undefined;
        for (const type of produces) types.set(mediaBase(type), ref);
      } else {
        for (const [type, media] of Object.entries<Json>(response.node?.content ?? {})) {
          const ref = media?.schema ? `${response.doc.uri}#${response.pointer}/content/${escapePointer(type)}/schema` : undefined;
          types.set(mediaBase(type), ref);
        }
      }
      responses.set(String(status), types);
    }
    return { parameters: [...parameters.values()], bodyTypes, bodyRequired, responses };
  }

  // Concrete paths win over templated ones (OpenAPI path matching rule): most literal characters first.
  operations.sort((a, b) => b.literalLength - a.literalLength || a.paramNames.length - b.paramNames.length);

  const compiled = new Map<string, ValidateFunction>();
  function validatorFor(ref: string): ValidateFunction {
    let fn = compiled.get(ref);
    if (!fn) {
      fn = ajv.compile({ $ref: ref });
      compiled.set(ref, fn);
    }
    return fn;
  }

  function relativePath(requestPath: string): string | undefined {
    if (requestPath !== options.serverBase && !requestPath.startsWith(`${options.serverBase}/`)) return undefined;
    return requestPath.slice(options.serverBase.length) || '/';
  }

  /** Candidate spec paths for a request path: with a format suffix stripped first, then as sent. */
  function candidatePaths(relative: string): Array<{ path: string; suffix?: string }> {
    const match = /\.([A-Za-z0-9]+)$/.exec(relative);
    if (match && options.formatSuffixes?.includes(match[1]!.toLowerCase())) {
      return [{ path: relative.slice(0, -match[0].length), suffix: match[1] }, { path: relative }];
    }
    return [{ path: relative }];
  }

  interface Found {
    operation: Operation;
    pathParams: Record<string, string>;
  }

  function find(method: string, requestPath: string): { found: Found[]; allowed: Set<string>; known: boolean } {
    const relative = relativePath(requestPath);
    const found: Found[] = [];
    const allowed = new Set<string>();
    if (relative === undefined) return { found, allowed, known: false };
    const upper = method.toUpperCase();
    for (const candidate of candidatePaths(relative)) {
      for (const operation of operations) {
        const m = operation.regex.exec(candidate.path);
        if (!m) continue;
        allowed.add(operation.method);
        if (operation.method !== upper && !(upper === 'HEAD' && operation.method === 'GET')) continue;
        const pathParams: Record<string, string> = {};
        operation.paramNames.forEach((name, i) => {
          pathParams[name] = safeDecode(m[i + 1]!);
        });
        found.push({ operation, pathParams });
      }
      if (allowed.size > 0) break;
    }
    return { found, allowed, known: true };
  }

  function checkValue(value: string, param: Parameter, where: string): string | undefined {
    const schema = param.schema;
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    if (type === 'integer' && !/^-?\d+$/.test(value)) return `${where} ${param.name}=${value} is not an integer`;
    if (type === 'number' && (value.trim() === '' || Number.isNaN(Number(value)))) return `${where} ${param.name}=${value} is not a number`;
    if (type === 'boolean' && value !== 'true' && value !== 'false') return `${where} ${param.name}=${value} is not a boolean (true|false)`;
    const allowedValues: unknown[] | undefined = schema.enum ?? schema.items?.enum;
    if (allowedValues && !allowedValues.map(String).includes(value)) {
      return `${where} ${param.name}=${value} is not one of ${allowedValues.join(', ')}`;
    }
    return undefined;
  }

  function checkOperation(found: Found, request: SpecRequest, form: ParsedForm | undefined): string[] {
    const { operation, pathParams } = found;
    const violations: string[] = [];
    const formParameters = options.formFieldsAreParameters === true && form !== undefined;
    if (formParameters && form.error !== undefined) violations.push(`multipart body is malformed: ${form.error}`);
    const fieldsNamed = (name: string) => (formParameters ? (form?.parts ?? []).filter((part) => part.name === name) : []);
    for (const param of operation.parameters) {
      if (param.in === 'path') {
        const value = pathParams[param.name];
        if (value === undefined) continue;
        const problem = checkValue(value, param, 'path parameter');
        if (problem) violations.push(problem);
      } else if (param.in === 'query' && options.formFieldsAreParameters === true && isBinary(param.schema)) {
        violations.push(...checkFileParameter(param, request, fieldsNamed(param.name)));
      } else if (param.in === 'query') {
        const fields = fieldsNamed(param.name).filter((part) => part.filename === undefined);
        const values = [...request.query.getAll(param.name), ...fields.map((part) => part.data.toString('utf8'))];
        if (values.length === 0) {
          if (param.required) violations.push(`missing required query parameter ${param.name}`);
          continue;
        }
        const type = Array.isArray(param.schema.type) ? param.schema.type[0] : param.schema.type;
        if (values.length > 1 && type !== 'array') violations.push(`query parameter ${param.name} given ${values.length} times`);
        const itemParam = type === 'array' ? { ...param, schema: param.schema.items ?? {} } : param;
        const split = type === 'array' ? values.flatMap((v) => v.split(',')) : values;
        for (const value of split) {
          const problem = checkValue(value, itemParam, 'query parameter');
          if (problem) violations.push(problem);
        }
      } else if (param.in === 'header') {
        const value = request.headers[param.name.toLowerCase()];
        if (value === undefined) {
          if (param.required) violations.push(`missing required header ${param.name}`);
          continue;
        }
        const problem = checkValue(String(value), param, 'header');
        if (problem) violations.push(problem);
      }
    }
    if (formParameters && form?.parts) {
      const fileParameters = new Set(operation.parameters.filter((param) => param.in === 'query' && isBinary(param.schema)).map((param) => param.name));
      for (const part of form.parts) {
        if (fileParameters.size > 0 && part.filename !== undefined && !fileParameters.has(part.name)) {
          violations.push(`multipart file part ${part.name} is not a file parameter of ${operation.method} ${operation.template}`);
        }
      }
    }
    violations.push(...checkBody(operation, request, form));
    return violations;
  }

  /** A `format: binary` parameter: file parts of the form only, never the query string nor a plain field. */
  function checkFileParameter(param: Parameter, request: SpecRequest, parts: FormPart[]): string[] {
    const violations: string[] = [];
    if (request.query.getAll(param.name).length > 0) violations.push(`query parameter ${param.name} is a file: send it as a multipart file part`);
    if (parts.some((part) => part.filename === undefined))
      violations.push(`multipart part ${param.name} must be a file (a filename in its Content-Disposition)`);
    if (param.required && parts.length === 0) violations.push(`missing required file part ${param.name}`);
    if (parts.length > 1 && param.schema.type !== 'array') violations.push(`file part ${param.name} given ${parts.length} times`);
    return violations;
  }

  function checkBody(operation: Operation, request: SpecRequest, form: ParsedForm | undefined): string[] {
    const body = request.body ?? '';
    const length = request.bodyStreamed ? streamedLength(request.headers) : typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    if (length === 0) {
      return operation.bodyRequired ? ['request body is required'] : [];
    }
    if (operation.bodyTypes.size === 0) {
      return operation.method === 'GET' || operation.method === 'DELETE' || operation.method === 'HEAD'
        ? [`${operation.method} ${operation.template} takes no request body`]
        : [];
    }
    const contentType = request.headers['content-type'];
    if (!contentType) return ['request body sent without a Content-Type header'];
    const media = mediaBase(contentType);
    const declared = [...operation.bodyTypes.keys()].find((type) => mediaMatches(type, media) || (options.mediaAliases?.[type]?.includes(media) ?? false));
    if (declared === undefined) {
      return [`Content-Type ${media} not accepted (expected ${[...operation.bodyTypes.keys()].join(', ')})`];
    }
    const ref = operation.bodyTypes.get(declared);
    if (ref && media === 'multipart/form-data' && form !== undefined) return checkFormBody(ref, form);
    if (!ref || !isJsonMedia(media)) return [];
    if (request.bodyStreamed) return ['a streamed request body cannot be checked against its JSON schema'];
    let parsed: unknown;
    try {
      parsed = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
    } catch (error) {
      return [`request body is not valid JSON: ${(error as Error).message}`];
    }
    const validate = validatorFor(ref);
    if (validate(parsed)) return [];
    return (validate.errors ?? []).map((e) => `request body${e.instancePath || ''} ${e.message ?? 'is invalid'}`);
  }

  /** The schema node a compiled ref designates ($refs followed). */
  function schemaAt(ref: string): Located | undefined {
    const [uri, fragment = ''] = ref.split('#');
    const doc = [...docs.values()].find((candidate) => candidate.uri === uri);
    if (!doc) return undefined;
    let node: Json = doc.json;
    for (const part of fragment.split('/').filter(Boolean)) node = node?.[unescapePointer(part)];
    return resolve(node, doc, fragment);
  }

  /**
   * A multipart body against its schema (OpenAPI 3: each property is a part): plain fields are strings, a
   * `format: binary` property must be a file part (it counts as a string for the schema), repeated parts fill an
   * array property.
   */
  function checkFormBody(ref: string, form: ParsedForm): string[] {
    if (form.error !== undefined) return [`multipart body is malformed: ${form.error}`];
    const schema = schemaAt(ref);
    const properties: Record<string, Json> = schema?.node?.properties ?? {};
    const propertyAt = (name: string): Json =>
      schema && properties[name] ? resolve(properties[name], schema.doc, `${schema.pointer}/properties/${escapePointer(name)}`).node : undefined;
    const violations: string[] = [];
    const fields: Record<string, unknown> = {};
    for (const part of form.parts ?? []) {
      const property = propertyAt(part.name);
      if (isBinary(property ?? {}) && part.filename === undefined)
        violations.push(`multipart part ${part.name} must be a file (a filename in its Content-Disposition)`);
      const value = part.filename ?? part.data.toString('utf8');
      if (property?.type === 'array') fields[part.name] = [...((fields[part.name] as unknown[] | undefined) ?? []), value];
      else if (part.name in fields) violations.push(`multipart part ${part.name} given more than once`);
      else fields[part.name] = value;
    }
    const validate = validatorFor(ref);
    if (!validate(fields)) violations.push(...(validate.errors ?? []).map((e) => `request body${e.instancePath || ''} ${e.message ?? 'is invalid'}`));
    return violations;
  }

  return {
    match(method, requestPath) {
      const { found } = find(method, requestPath);
      const first = found[0];
      return first ? { template: first.operation.template, method: first.operation.method, file: first.operation.file } : undefined;
    },

    validateRequest(request) {
      const { found, allowed, known } = find(request.method, request.path);
      if (!known) return [`${request.path} is outside ${options.serverBase}`];
      if (found.length === 0) {
        return allowed.size === 0
          ? [`no operation for ${request.method} ${request.path} in the upstream spec`]
          : [`method ${request.method} not allowed on ${request.path} (spec allows ${[...allowed].sort().join(', ')})`];
      }
      const form = readForm(request);
      let firstViolations: string[] | undefined;
      for (const candidate of found) {
        const match = { template: candidate.operation.template, method: candidate.operation.method, file: candidate.operation.file };
        const violations = checkOperation(candidate, request, form).filter((violation) => !options.allowViolation?.(violation, request, match));
        if (violations.length === 0) return [];
        firstViolations ??= violations.map(
          (v) => `${v} (${candidate.operation.method} ${candidate.operation.template}, ${path.basename(candidate.operation.file)})`,
        );
      }
      return firstViolations ?? [];
    },

    validateResponse(request, response) {
      const { found } = find(request.method, request.path);
      if (found.length === 0) return [`no operation for ${request.method} ${request.path} in the upstream spec`];
      let firstViolations: string[] | undefined;
      for (const { operation } of found) {
        const match = { template: operation.template, method: operation.method, file: operation.file };
        const violations = checkResponse(operation, response).filter((violation) => !options.allowResponseViolation?.(violation, response, match));
        if (violations.length === 0) return [];
        firstViolations ??= violations.map((violation) => violation.text);
      }
      return firstViolations ?? [];
    },
  };

  function checkResponse(operation: Operation, response: SpecResponse): ResponseViolation[] {
    const status = String(response.status);
    const declared = operation.responses.get(status) ?? operation.responses.get(`${status[0]}XX`) ?? operation.responses.get('default');
    if (!declared) {
      return [
        { text: `status ${status} not declared for ${operation.method} ${operation.template} (declared: ${[...operation.responses.keys()].join(', ')})` },
      ];
    }
    const body = response.body ?? '';
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    if (length === 0 || declared.size === 0) return [];
    const rawType = response.headers['content-type'];
    const media = mediaBase(Array.isArray(rawType) ? (rawType[0] ?? '') : (rawType ?? ''));
    const type = [...declared.keys()].find((t) => mediaMatches(t, media));
    if (type === undefined) return [{ text: `response Content-Type ${media || '(none)'} not declared (declared: ${[...declared.keys()].join(', ')})` }];
    const ref = declared.get(type);
    if (!ref || !isJsonMedia(media)) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
    } catch (error) {
      return [{ text: `response body is not valid JSON: ${(error as Error).message}` }];
    }
    const validate = validatorFor(ref);
    if (validate(parsed)) return [];
    return (validate.errors ?? []).map((e) => ({
      text: `response body${e.instancePath || ''} ${e.message ?? 'is invalid'}`,
      keyword: e.keyword,
      instancePath: e.instancePath,
      value: valueAt(parsed, e.instancePath),
    }));
  }
}

/** A multipart body as parsed for the checks (undefined when the body is not one, or went to the server unread). */
interface ParsedForm {
  parts?: FormPart[];
  error?: string;
}

function readForm(request: SpecRequest): ParsedForm | undefined {
  const contentType = request.headers['content-type'];
  if (request.bodyStreamed || !isMultipartForm(contentType)) return undefined;
  const body = request.body ?? '';
  try {
    return { parts: parseMultipartForm(Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), String(contentType)) };
  } catch (error) {
    if (error instanceof MultipartError) return { error: error.message };
    throw error;
  }
}

/** A file in a form: `type: string, format: binary`, or an array of those. */
function isBinary(schema: Json): boolean {
  return schema?.format === 'binary' || schema?.items?.format === 'binary';
}

/** Files named by `$ref: "other.yaml#/..."` anywhere in a document. */
function referencedFiles(node: Json, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) referencedFiles(item, found);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && !value.startsWith('#')) found.add(value.split('#')[0]!);
      else referencedFiles(value, found);
    }
  }
  return found;
}

/** The value a JSON pointer (as ajv reports instancePath) designates. */
function valueAt(document: unknown, pointer: string): unknown {
  let current: any = document;
  for (const part of pointer.split('/').slice(1)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = current[unescapePointer(part)];
  }
  return current;
}

/** The length a streamed body announces: Content-Length, or unknown (chunked) but present. */
function streamedLength(headers: IncomingHttpHeaders): number {
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared)) return declared;
  return headers['transfer-encoding'] ? Number.POSITIVE_INFINITY : 0;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
