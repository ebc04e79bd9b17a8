// Which upstream contract documents describe each twin, and the one place where known spec defects
// (spec says X, the real server does Y) are allowed, each with its evidence.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { loadSpecValidator, type OperationMatch, type ResponseViolation, type SpecResponse, type SpecValidator } from './openapi.ts';
import { packagePath } from './paths.ts';

/** The vendored upstream contracts (contracts/ at the project root; provenance in each folder's SOURCES.md). */
export const contractsDir = packagePath('contracts');

const yamlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => path.join(dir, name));

export interface TwinContract {
  /** Path prefix (from the origin) the spec's paths are relative to. */
  base: string;
  validator: SpecValidator;
}

function geoserverContract(): TwinContract {
  const community = path.join(contractsDir, 'geoserver/rest-openapi-community');
  const swagger2 = path.join(contractsDir, 'geoserver');
  // Community OpenAPI 3 files first (checked against the running server), the hand-written Swagger 2 files
  // as fallback for what they lack (layergroups, XML and SLD bodies, reload, manifests).
  const files = [...yamlFiles(community), ...yamlFiles(swagger2), ...yamlFiles(path.join(swagger2, 'derived'))];
  return {
    base: '/geoserver/rest',
    validator: loadSpecValidator(files, {
      serverBase: '/geoserver/rest',
      // FACTS-geoserver-geonetwork.md A.1 (RestConfiguration.java): the path suffix picks the format.
      formatSuffixes: ['json', 'xml', 'html', 'sld', 'css', 'ysld', 'yaml', 'mbstyle', 'zip'],
      // FACTS A.1: controllers accept application/xml, text/xml, application/json and text/json bodies
      // (one XStream model); the community files document JSON only.
      mediaAliases: { 'application/json': ['text/json', 'application/xml', 'text/xml'] },
      // geoserver/SOURCES.txt: Swagger 2 styles.yaml declares /rest/workspaces/{workspace}/styles/{style} and
      // /rest/layers/{layer}/styles although basePath is already /geoserver/rest.
      rewriteTemplate: (template, file) => (path.dirname(file) === swagger2 && template.startsWith('/rest/') ? template.slice('/rest'.length) : template),
      allowViolation: geoserverRequestDefect,
      allowResponseViolation: geoserverResponseDefect,
    }),
  };
}

/** Request bodies GeoServer takes that its specs type otherwise. */
function geoserverRequestDefect(violation: string): boolean {
  // contracts/geoserver/derived/SOURCES.md: wmslayers.yaml types keywords and the remote formats and styles as arrays
  // while its own JSON examples (and XStream) write {"string": [...]}; wmtslayers.yaml does the same for keywords.
  return (
    /^request body\/wmsLayer\/(keywords|selectedRemoteFormats|selectedRemoteStyles) must be array$/.test(violation) ||
    /^request body\/wmtsLayer\/keywords must be array$/.test(violation)
  );
}

/** GeoServer's integrated GeoWebCache REST API: another base below the same mount. */
function geowebcacheContract(): TwinContract {
  return {
    base: '/geoserver/gwc/rest',
    validator: loadSpecValidator(yamlFiles(path.join(contractsDir, 'geoserver/gwc')), {
      serverBase: '/geoserver/gwc/rest',
      formatSuffixes: ['xml', 'json'],
      // contracts/geoserver/gwc/SOURCES.md: MassTruncateController.doPost reads the request from a text/xml body.
      allowViolation: (violation, _request, operation) => operation.template === '/masstruncate' && violation === 'POST /masstruncate takes no request body',
      // GWC's controllers answer a RestException with its message as plain text (MassTruncateController.handleRestException,
      // quoted in contracts/geoserver/gwc/SOURCES.md's source); the spec declares only XML and JSON bodies.
      allowResponseViolation: (violation, response) => response.status >= 400 && violation.text.startsWith('response Content-Type text/plain not declared'),
    }),
  };
}

function mediaOf(response: SpecResponse): string {
  const type = response.headers['content-type'];
  return (Array.isArray(type) ? type[0] : (type ?? '')).split(';')[0]!.trim().toLowerCase();
}

/** What GeoServer really answers where its specs say otherwise. */
function geoserverResponseDefect(violation: ResponseViolation, response: SpecResponse, operation: OperationMatch): boolean {
  const depth = violation.instancePath?.split('/').length ?? 0;
  // FACTS A.2 "Empty list: the QUIRK": an empty list is {"workspaces": ""} (CoverageControllerTest
  // testGetAllByWorkspaceJSON_no_coverages; gicait/geoserver-rest PR #188 for {"featureTypes": ""}).
  if (violation.keyword === 'type' && violation.value === '' && depth === 2) return true;
  // FACTS A.2 "Nested collections inside one object": XStreamPersisterFactory keeps Jettison's single-element-array-as-
  // object inside an object (keywords.string, metadata.entry, styles.style); top-level lists stay arrays.
  if (violation.keyword === 'type' && violation.text.endsWith('must be array') && depth >= 4 && violation.value !== undefined) return true;
  // FACTS A.2: a CRS with a class is {"@class":"projected","$":"EPSG:2154"}, a geographic one a plain string; the
  // community spec's CRSResponse says so in its description (rest-openapi-community/catalogresponses.yaml) yet types it
  // as an object.
  if (violation.keyword === 'type' && typeof violation.value === 'string' && violation.instancePath?.endsWith('/crs')) return true;
  // wmsstores.yaml, wmtsstores.yaml, derived/wmslayers.yaml and derived/wmtslayers.yaml type their lists as bare arrays;
  // their own examples (and every GeoServer list, FACTS A.2) are {"wmsStores":{"wmsStore":[...]}}.
  if (
    violation.text === 'response body must be array' &&
    !violation.instancePath &&
    /\/(wmsstores|wmslayers|wmtsstores|wmtslayers)$|\/wmtsstores\/\{wmtsstore\}\/layers$/.test(operation.template)
  )
    return true;
  // derived/roles.yaml (as upstream) types the list of roles as a bare array, the XML shape <roles><role>…; the JSON
  // is {"roles": [...]} (RolesRestController's JaxbRoleList; client tests read body("roles"), e.g. a RestAssured suite
  // asserting body("roles", hasItems(role)) on GET /geoserver/rest/security/roles.json).
  if (violation.text === 'response body must be array' && !violation.instancePath && operation.template === '/security/roles') return true;
  // derived/wmslayers.yaml and derived/wmtslayers.yaml (as upstream) declare 201 for the PUT of a cascaded layer;
  // WMSLayerController.layerPut and WMTSLayerController.layerPut are void, so Spring answers 200.
  if (
    operation.method === 'PUT' &&
    response.status === 200 &&
    /\/(wmslayers\/\{wmslayer\}|wmtslayers\/\{wmtslayer\}|wmtsstores\/\{wmtsstore\}\/layers\/\{wmtslayer\})$/.test(operation.template) &&
    violation.text.startsWith('status 200 not declared')
  )
    return true;
  // owsservices.yaml declares 201 for the PUT of a global service's settings; the subclasses' serviceSettingsPut
  // (WFSSettingsController, …) are void, so Spring answers 200, as the same spec declares for a workspace's settings.
  if (
    operation.method === 'PUT' &&
    response.status === 200 &&
    /^\/services\/(wms|wfs|wcs|wmts)\/settings$/.test(operation.template) &&
    violation.text.startsWith('status 200 not declared')
  )
    return true;
  // datastores.yaml and coveragestores.yaml declare 200 for the PUT of a data file; DataStoreFileController.dataStorePut
  // answers 201 once it configured a feature type (or with configure=none) and 202, its initial status, when there was
  // none to configure, and CoverageStoreFileController.coverageStorePut is @ResponseStatus(HttpStatus.CREATED).
  if (
    operation.method === 'PUT' &&
    /\/(datastores|coveragestores)\/\{[^}]+\}\/\{method\}\.\{format\}$/.test(operation.template) &&
    (response.status === 201 || response.status === 202) &&
    violation.text.startsWith(`status ${response.status} not declared`)
  )
    return true;
  // config.yaml types WCSInfo's maxInputMemory and maxOutputMemory as booleans; WCSInfo.getMaxInputMemory() and
  // getMaxOutputMemory() are longs (kilobytes), and the spec's own WCSInfo example has "maxInputMemory": 0.
  if (violation.keyword === 'type' && typeof violation.value === 'number' && /^\/wcs\/(maxInputMemory|maxOutputMemory)$/.test(violation.instancePath ?? ''))
    return true;
  // wmsstores.yaml and wmtsstores.yaml type readTimeout and connectTimeout as strings; their own response examples have
  // "readTimeout":60 (WMTSStoreInfoImpl's fields are ints).
  if (
    violation.keyword === 'type' &&
    typeof violation.value === 'number' &&
    /^\/(wmsStore|wmtsStore)\/(readTimeout|connectTimeout)$/.test(violation.instancePath ?? '')
  )
    return true;
  // contracts/geoserver/derived/SOURCES.md: {"string": [...]} lists the wmslayers.yaml schema types as arrays.
  if (violation.keyword === 'type' && /^\/wmsLayer\/(keywords|selectedRemoteFormats|selectedRemoteStyles)$/.test(violation.instancePath ?? '')) return true;
  // the same for the keywords of derived/wmtslayers.yaml (its own JSON example is "keywords":{"string":[...]}).
  if (violation.keyword === 'type' && violation.instancePath === '/wmtsLayer/keywords') return true;
  // FACTS A.1 "Errors": RestControllerAdvice answers text/plain with the exception's status (404 not found, 403 and
  // 409 refusals, 500 for catalog validation and everything else); the specs declare little beyond the success status
  // (upstream: "written by hand back in 2017 and have not always been kept up to date").
  if (response.status >= 400 && violation.text.startsWith(`status ${response.status} not declared`) && mediaOf(response) === 'text/plain') return true;
  // FACTS A.1 "Create responses" ([code][test]): 201 with a text/plain body holding the new name, where some specs
  // declare a JSON body.
  if (operation.method === 'POST' && response.status === 201 && violation.text.startsWith('response Content-Type text/plain not declared')) return true;
  return false;
}

function geonetworkContract(): TwinContract {
  return {
    base: '/geonetwork/srv/api',
    validator: loadSpecValidator([path.join(contractsDir, 'geonetwork/spec.yaml')], {
      serverBase: '/geonetwork/srv/api',
      // springdoc writes `type: string` for a raw `@RequestBody String` (e.g. POST /search/records/_search, whose
      // body is an Elasticsearch JSON query, FACTS B and docs/search.md): any well-formed JSON is accepted.
      allowViolation: (violation) => violation === 'request body must be string',
      // POST /records documents its `@RequestParam MultipartFile[] file` as a binary query parameter and no body
      // (MetadataInsertDeleteApi.insertFile); Spring binds it, and the other @RequestParams, from the multipart form.
      formFieldsAreParameters: true,
      allowResponseViolation: geonetworkResponseDefect,
    }),
  };
}

/** What GeoNetwork really answers where spec.yaml says otherwise. */
function geonetworkResponseDefect(violation: ResponseViolation, response: SpecResponse, operation: OperationMatch): boolean {
  // springdoc writes no `nullable` (spec.yaml has none in 15,000 lines) while Jackson serialises unset Java fields
  // as null: e.g. a group's logo, website, email, referrer, description and defaultCategory (GET /groups; the Group
  // shape camptocamp/python-geonetwork's add_group sends back with those keys null).
  if (violation.keyword === 'type' && violation.value === null) return true;
  // GET /records/{uuid} returns the forward to a formatter as a String, so springdoc types every body `string`; the
  // JSON that comes back is formatters/json's object or GlobalExceptionController's ApiError (MetadataApi.getRecord).
  if (operation.template === '/records/{metadataUuid}' && violation.text === 'response body must be string' && mediaOf(response) === 'application/json')
    return true;
  // AttachmentsApi.getResource writes the file with the type getFileContentType gives it (image/png, application/pdf…)
  // and status 200; the spec declares 201 without content and a JSON default.
  if (
    operation.template === '/records/{metadataUuid}/attachments/{resourceId}' &&
    operation.method === 'GET' &&
    response.status === 200 &&
    violation.text.startsWith('response Content-Type ')
  )
    return true;
  // A MetadataResource's visibility is the enum's name, PUBLIC or PRIVATE (Jackson writes Enum.name(); web-ui's
  // filestore.html compares r.visibility with 'PUBLIC'), where the spec lists the lower-case toString() values.
  if (violation.keyword === 'enum' && /\/visibility$/.test(violation.instancePath ?? '') && (violation.value === 'PUBLIC' || violation.value === 'PRIVATE'))
    return true;
  // FilesystemStoreResource has @JsonFormat(pattern="yyyy-MM-dd") on lastModification; springdoc still says date-time.
  if (violation.keyword === 'format' && /\/lastModification$/.test(violation.instancePath ?? '') && /^\d{4}-\d{2}-\d{2}$/.test(String(violation.value)))
    return true;
  return false;
}

function geonatureContract(): TwinContract {
  return {
    base: '/geonature/api',
    validator: loadSpecValidator([packagePath('twins', 'geonature', 'openapi.yaml')], { serverBase: '/geonature/api' }),
  };
}

const factories: Record<string, () => TwinContract> = {
  '/geoserver': geoserverContract,
  '/geonetwork': geonetworkContract,
  '/geonature': geonatureContract,
};

/** Further APIs a twin serves below its mount, each with its own base (GeoWebCache below GeoServer's). */
const extraFactories: Record<string, (() => TwinContract)[]> = {
  '/geoserver': [geowebcacheContract],
};

const loaded = new Map<string, TwinContract | undefined>();
const loadedExtra = new Map<string, TwinContract[]>();

/** The contract of the twin mounted at `mount` (loaded once per process), or undefined for an unknown mount. */
export function contractFor(mount: string): TwinContract | undefined {
  if (!loaded.has(mount)) {
    const factory = factories[mount];
    loaded.set(mount, factory?.());
  }
  return loaded.get(mount);
}

/** Every contract of the twin mounted at `mount`: its main API first, then the others below the same mount. */
export function contractsFor(mount: string): TwinContract[] {
  const main = contractFor(mount);
  if (!loadedExtra.has(mount))
    loadedExtra.set(
      mount,
      (extraFactories[mount] ?? []).map((factory) => factory()),
    );
  return [...(main ? [main] : []), ...loadedExtra.get(mount)!];
}
