// The static policy for repository stylesheets (docs/security.md, "Stylesheet rules"): before
// anything compiles, a transform and its whole xsl:include/xsl:import closure are read as untrusted
// XML and refused when they declare or call anything that reaches outside XSLT — saxon-js host
// namespaces, dynamic evaluation, environment access, writes, or reads of anything but a literal
// file under transforms/. The sandbox (sandbox.ts) enforces the same at run time in case this
// misses a construct; this check is what gives the user a file:line:col and a reason.
import { posix } from 'node:path';
import type { Problem, SourceLocation } from '../core/problems.ts';
import { checkXml, parseXml, type XmlElement } from '../core/xml.ts';
import { positionAt } from '../core/text.ts';
import { functionUses, templateExpressions, XPathSyntaxError, type FunctionUse } from './xpath-scan.ts';

export const TRANSFORMS_FOLDER = 'transforms';

const XSL = 'http://www.w3.org/1999/XSL/Transform';
const FN = 'http://www.w3.org/2005/xpath-functions';
const XS = 'http://www.w3.org/2001/XMLSchema';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const PURE_NAMESPACES = new Set([`${FN}/math`, `${FN}/map`, `${FN}/array`, XS]);
/** EXSLT common: node-set() and object-type() are pure and common in XSLT 1.0 stylesheets. */
const EXSLT_COMMON = 'http://exslt.org/common';
const EXSLT_PURE = new Set(['node-set', 'object-type']);

/** Namespaces through which saxon-js reaches the JavaScript host (globalJS, ixsl) or its own extensions. */
export function isHostNamespace(uri: string): boolean {
  return /^https?:\/\/((www\.|ns\.)?saxonica\.com|saxon\.sf\.net)(\/|$)/.test(uri);
}

/** fn functions that are never allowed, with the reason shown to the user. */
const REFUSED_FUNCTIONS: Record<string, string> = {
  'environment-variable': 'reads the environment of the process (CI secrets)',
  'available-environment-variables': 'reads the environment of the process (CI secrets)',
  transform: 'compiles and runs another stylesheet at run time (dynamic evaluation)',
  'load-xquery-module': 'loads and runs XQuery at run time (dynamic evaluation)',
  'function-lookup': 'looks functions up by a computed name (dynamic evaluation, could reach host functions)',
  collection: 'reads a collection of resources outside the repository',
  'uri-collection': 'lists resources outside the repository',
};

/** fn functions that read a resource: allowed only with a literal URI of a file under transforms/. */
const READING_FUNCTIONS = new Set(['doc', 'document', 'unparsed-text', 'unparsed-text-lines', 'json-doc']);
/** Like READING_FUNCTIONS, but they only test availability: a literal inside transforms/ that does not exist is fine. */
const PROBING_FUNCTIONS = new Set(['doc-available', 'unparsed-text-available', 'stream-available']);

/** XSLT 3.0 elements a repository stylesheet may use; anything else in the XSL namespace is refused. */
const ALLOWED_XSL_ELEMENTS = new Set([
  'accumulator',
  'accumulator-rule',
  'analyze-string',
  'apply-imports',
  'apply-templates',
  'assert',
  'attribute',
  'attribute-set',
  'break',
  'call-template',
  'catch',
  'character-map',
  'choose',
  'comment',
  'context-item',
  'copy',
  'copy-of',
  'decimal-format',
  'document',
  'element',
  'fallback',
  'for-each',
  'for-each-group',
  'fork',
  'function',
  'global-context-item',
  'if',
  'import',
  'include',
  'iterate',
  'key',
  'map',
  'map-entry',
  'matching-substring',
  'merge',
  'merge-action',
  'merge-key',
  'merge-source',
  'message',
  'mode',
  'namespace',
  'namespace-alias',
  'next-iteration',
  'next-match',
  'non-matching-substring',
  'number',
  'on-completion',
  'on-empty',
  'on-non-empty',
  'otherwise',
  'output',
  'output-character',
  'param',
  'perform-sort',
  'preserve-space',
  'processing-instruction',
  'sequence',
  'sort',
  'source-document',
  'strip-space',
  'stylesheet',
  'template',
  'text',
  'transform',
  'try',
  'value-of',
  'variable',
  'when',
  'where-populated',
  'with-param',
]);

const REFUSED_XSL_ELEMENTS: Record<string, string> = {
  evaluate: 'evaluates XPath built at run time (dynamic evaluation, could reach host functions)',
  'result-document': 'writes documents (files) besides the principal result',
  'import-schema': 'loads a schema from a URI',
  'use-package': 'loads a package from outside the stylesheet',
  package: 'packages can load other packages; write an xsl:stylesheet',
  expose: 'belongs to packages, which are not allowed',
  accept: 'belongs to packages, which are not allowed',
  override: 'belongs to packages, which are not allowed',
};

/** Attributes of XSL elements that are attribute value templates (or plain text that may hold "(" legitimately). */
const TEMPLATE_ATTRIBUTES = new Set([
  'regex',
  'flags',
  'format',
  'separator',
  'lang',
  'letter-value',
  'ordinal',
  'start-at',
  'grouping-separator',
  'grouping-size',
  'error-code',
  'terminate',
  'order',
  'case-order',
  'data-type',
  'collation',
  'stable',
  'namespace',
  'doctype-public',
  'doctype-system',
  'media-type',
  'href',
]);

export interface StylesheetClosure {
  /** The transform itself and every module it includes or imports, repository paths. */
  modules: string[];
  /** Files read with a literal URI (doc(), document(), unparsed-text(), …), repository paths. */
  resources: string[];
}

export interface PolicyResult {
  problems: Problem[];
  closure: StylesheetClosure;
}

interface Module {
  path: string;
  text: string;
  root: XmlElement;
}

class Refusals {
  readonly problems: Problem[] = [];
  add(code: Problem['code'], message: string, location: SourceLocation): void {
    this.problems.push({ code, severity: 'error', message, location });
  }
}

/**
 * Checks the transform at `entry` (a repository path such as "transforms/urls.xsl") and everything
 * it includes, imports or reads, against the files under transforms/ (`files`: path → text).
 */
export function checkStylesheet(entry: string, files: ReadonlyMap<string, string>): PolicyResult {
  const refusals = new Refusals();
  const modules = new Map<string, Module>();
  const resources = new Set<string>();
  const pending: { path: string; from?: SourceLocation }[] = [{ path: entry }];
  while (pending.length > 0) {
    const { path, from } = pending.shift()!;
    if (modules.has(path)) continue;
    const text = files.get(path);
    if (text === undefined) {
      refusals.add('InvalidXslt', `includes or imports ${path}, which does not exist`, from ?? { file: path });
      continue;
    }
    const problem = checkXml(text, path);
    if (problem) {
      refusals.problems.push(problem);
      continue;
    }
    const root = parseXml(text);
    if (!root) {
      refusals.add('InvalidXslt', 'not an XSLT stylesheet (no root element)', { file: path, line: 1, col: 1 });
      continue;
    }
    const module = { path, text, root };
    modules.set(path, module);
    checkRoot(module, refusals);
    for (const include of walk(root).filter((element) => element.namespace === XSL && (element.localName === 'include' || element.localName === 'import'))) {
      const href = include.attributes.href;
      const location = attributeLocation(module, include, 'href');
      const target = href === undefined ? undefined : literalPath(path, href);
      if (href === undefined) refusals.add('InvalidXslt', `xsl:${include.localName} without href`, location);
      else if (!target)
        refusals.add(
          'ForbiddenXslt',
          `xsl:${include.localName} href="${href}" is outside ${TRANSFORMS_FOLDER}/: a transform may only include files of the repository's ${TRANSFORMS_FOLDER}/ folder, by relative path`,
          location,
        );
      else pending.push({ path: target, from: location });
    }
  }
  const userNamespaces = new Set<string>();
  for (const module of modules.values()) {
    for (const element of walk(module.root)) {
      if (element.namespace !== XSL || element.localName !== 'function' || !element.attributes.name) continue;
      const uri = qnameNamespace(element.attributes.name, element);
      if (uri === undefined) continue;
      if (uri === '' || uri === FN || uri === XSL || uri === XML_NS || PURE_NAMESPACES.has(uri) || uri === EXSLT_COMMON || isHostNamespace(uri)) {
        refusals.add(
          'ForbiddenXslt',
          `xsl:function ${element.attributes.name} is declared in a reserved namespace (${uri || 'no namespace'})`,
          attributeLocation(module, element, 'name'),
        );
      } else userNamespaces.add(uri);
    }
  }
  for (const module of modules.values()) checkModule(module, { files, resources, userNamespaces, refusals });
  return { problems: refusals.problems, closure: { modules: [...modules.keys()], resources: [...resources].sort() } };
}

function checkRoot(module: Module, refusals: Refusals): void {
  const { root } = module;
  if (root.namespace === XSL) {
    if (root.localName === 'stylesheet' || root.localName === 'transform') {
      if (!root.attributes.version) refusals.add('InvalidXslt', `xsl:${root.localName} has no version attribute`, at(module, root));
      return;
    }
    if (root.localName === 'package') return; // reported with the other refused elements
  } else if (
    Object.entries(root.attributes).some(([name, value]) => name.endsWith(':version') && root.scope.get(name.slice(0, name.indexOf(':'))) === XSL && value)
  ) {
    return; // a simplified stylesheet: a literal result element with xsl:version
  }
  refusals.add('InvalidXslt', 'not an XSLT stylesheet (root must be xsl:stylesheet or xsl:transform)', at(module, root));
}

interface ModuleContext {
  files: ReadonlyMap<string, string>;
  resources: Set<string>;
  userNamespaces: ReadonlySet<string>;
  refusals: Refusals;
}

function checkModule(module: Module, context: ModuleContext): void {
  const { refusals } = context;
  const visit = (element: XmlElement, expandText: boolean) => {
    const inXsl = element.namespace === XSL;
    let expand = expandText;
    const expandAttribute = inXsl ? element.attributes['expand-text'] : xslAttribute(element, 'expand-text');
    if (expandAttribute !== undefined) expand = /^\s*(yes|true|1)\s*$/.test(expandAttribute);

    if (isHostNamespace(element.namespace)) {
      refusals.add(
        'ForbiddenXslt',
        `element ${element.name} is in the saxon-js extension namespace ${element.namespace}, which reaches the JavaScript host`,
        at(module, element),
      );
    }
    if (inXsl) checkXslElement(module, element, context);
    for (const [name, value] of Object.entries(element.attributes)) {
      const location = () => attributeLocation(module, element, name);
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (isHostNamespace(value))
          refusals.add('ForbiddenXslt', `declares the saxon-js host namespace ${value} (${name}): it calls into the JavaScript runtime`, location());
        continue;
      }
      const colon = name.indexOf(':');
      const prefix = colon >= 0 ? name.slice(0, colon) : '';
      const local = colon >= 0 ? name.slice(colon + 1) : name;
      const uri = prefix ? element.scope.get(prefix) : '';
      if (uri === XML_NS && local === 'base') {
        refusals.add('ForbiddenXslt', 'xml:base changes where relative URIs resolve: not allowed in a repository stylesheet', location());
        continue;
      }
      if (uri !== undefined && isHostNamespace(uri)) {
        refusals.add('ForbiddenXslt', `attribute ${name} is in the saxon-js extension namespace ${uri}`, location());
        continue;
      }
      if (inXsl && !prefix) {
        if (local.startsWith('_')) {
          refusals.add('ForbiddenXslt', `shadow attribute ${name} builds XSLT code from an expression at compile time (dynamic evaluation)`, location());
          continue;
        }
        if (local === 'extension-element-prefixes' && value.trim() !== '') {
          refusals.add('ForbiddenXslt', 'extension-element-prefixes enables extension instructions, which reach outside XSLT', location());
          continue;
        }
        if (local === 'href' && (element.localName === 'include' || element.localName === 'import')) continue;
        if (element.localName === 'output' && local === 'parameter-document') {
          refusals.add('ForbiddenXslt', 'xsl:output parameter-document reads a file', location());
          continue;
        }
        if (element.localName === 'merge-source' && local === 'for-each-source') {
          refusals.add('ForbiddenXslt', 'xsl:merge-source for-each-source reads documents whose URIs are computed at run time', location());
          continue;
        }
        checkExpressions(module, element, name, value, TEMPLATE_ATTRIBUTES.has(local) ? 'template' : 'xpath', context);
      } else if (uri === XSL) {
        if (local === 'extension-element-prefixes' && value.trim() !== '') {
          refusals.add('ForbiddenXslt', 'xsl:extension-element-prefixes enables extension instructions, which reach outside XSLT', location());
        } else if (local === 'use-when') checkExpressions(module, element, name, value, 'xpath', context);
      } else if (!inXsl) {
        checkExpressions(module, element, name, value, 'template', context);
      }
    }
    if (expand && element.text.includes('{') && !(inXsl && element.localName === 'text' && !expand)) {
      checkExpressions(module, element, undefined, element.text, 'template', context);
    }
    for (const child of element.children) visit(child, expand);
  };
  visit(module.root, false);
}

function checkXslElement(module: Module, element: XmlElement, context: ModuleContext): void {
  const { refusals } = context;
  const name = element.localName;
  const refused = REFUSED_XSL_ELEMENTS[name];
  if (refused) {
    refusals.add('ForbiddenXslt', `xsl:${name} is not allowed in a repository stylesheet: it ${refused}`, at(module, element));
  } else if (!ALLOWED_XSL_ELEMENTS.has(name)) {
    refusals.add('ForbiddenXslt', `xsl:${name} is not an XSLT 3.0 element geoflux allows`, at(module, element));
  } else if (name === 'source-document') {
    const href = element.attributes.href ?? '';
    const target = href.includes('{') ? undefined : literalPath(module.path, href);
    if (!target || !context.files.has(target)) {
      refusals.add(
        'ForbiddenXslt',
        `xsl:source-document href="${href}" must be a literal relative URI of a file under ${TRANSFORMS_FOLDER}/`,
        attributeLocation(module, element, 'href'),
      );
    } else context.resources.add(target);
  }
}

function checkExpressions(
  module: Module,
  element: XmlElement,
  attribute: string | undefined,
  value: string,
  form: 'xpath' | 'template',
  context: ModuleContext,
): void {
  const where = (offset: number) => (attribute ? attributeLocation(module, element, attribute, offset) : at(module, element));
  let expressions: { expression: string; offset: number }[];
  try {
    expressions = form === 'xpath' ? [{ expression: value, offset: 0 }] : templateExpressions(value);
  } catch (error) {
    if (!(error instanceof XPathSyntaxError)) throw error;
    context.refusals.add('InvalidXslt', `${attribute ? `${attribute}: ` : ''}${error.message}`, where(error.offset));
    return;
  }
  for (const { expression, offset } of expressions) {
    let uses: FunctionUse[];
    try {
      uses = functionUses(expression);
    } catch (error) {
      if (!(error instanceof XPathSyntaxError)) throw error;
      context.refusals.add('InvalidXslt', `${attribute ? `${attribute}: ` : ''}${error.message}`, where(offset + error.offset));
      continue;
    }
    for (const use of uses) checkFunction(module, element, use, context, where(offset + use.offset));
  }
}

function checkFunction(module: Module, element: XmlElement, use: FunctionUse, context: ModuleContext, location: SourceLocation): void {
  const { refusals } = context;
  const written =
    use.name.uri !== undefined ? `Q{${use.name.uri}}${use.name.local}` : use.name.prefix ? `${use.name.prefix}:${use.name.local}` : use.name.local;
  const uri = use.name.uri ?? (use.name.prefix ? element.scope.get(use.name.prefix) : FN);
  if (uri === undefined) {
    refusals.add('ForbiddenXslt', `${written}: undeclared namespace prefix ${use.name.prefix}`, location);
    return;
  }
  if (isHostNamespace(uri)) {
    refusals.add('ForbiddenXslt', `${written} calls the saxon-js extension namespace ${uri}, which reaches the JavaScript host`, location);
    return;
  }
  if (uri === FN) {
    const local = use.name.local;
    const reason = REFUSED_FUNCTIONS[local];
    if (reason) {
      refusals.add('ForbiddenXslt', `${written}() is not allowed in a repository stylesheet: it ${reason}`, location);
      return;
    }
    if (!READING_FUNCTIONS.has(local) && !PROBING_FUNCTIONS.has(local)) return;
    if (use.form === 'reference') {
      refusals.add('ForbiddenXslt', `${written}#… passes a reading function around: call ${local}() with a literal URI instead`, location);
      return;
    }
    if (local === 'document' && (use.arity ?? 0) > 1) {
      refusals.add('ForbiddenXslt', 'document() with a base node resolves URIs against the input document: not allowed', location);
      return;
    }
    const literal = use.literalArgument;
    const target = literal === undefined ? undefined : literal === '' && local === 'document' ? module.path : literalPath(module.path, literal);
    if (!target) {
      const what = literal === undefined ? 'a computed URI' : `"${literal}"`;
      refusals.add(
        'ForbiddenXslt',
        `${local}() of ${what}: a transform may only read files under ${TRANSFORMS_FOLDER}/, named by a literal relative URI`,
        location,
      );
      return;
    }
    if (context.files.has(target)) context.resources.add(target);
    else if (!PROBING_FUNCTIONS.has(local)) refusals.add('InvalidXslt', `${local}("${literal}"): no such file ${target}`, location);
    return;
  }
  if (PURE_NAMESPACES.has(uri) || context.userNamespaces.has(uri)) return;
  if (uri === EXSLT_COMMON && EXSLT_PURE.has(use.name.local)) return;
  refusals.add('ForbiddenXslt', `${written}(): functions outside XPath and the stylesheet's own (namespace ${uri}) are not allowed`, location);
}

/** A literal relative URI resolved against the module's path; undefined unless it names a path under transforms/. */
export function literalPath(modulePath: string, href: string): string | undefined {
  if (href === '' || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('/') || /[\\%?#\0]/.test(href)) return undefined;
  const resolved = posix.normalize(posix.join(posix.dirname(modulePath), href));
  return resolved.startsWith(`${TRANSFORMS_FOLDER}/`) ? resolved : undefined;
}

function qnameNamespace(qname: string, element: XmlElement): string | undefined {
  const eq = /^Q\{([^}]*)\}/.exec(qname);
  if (eq) return eq[1];
  const colon = qname.indexOf(':');
  return colon < 0 ? '' : element.scope.get(qname.slice(0, colon));
}

function xslAttribute(element: XmlElement, local: string): string | undefined {
  for (const [name, value] of Object.entries(element.attributes)) {
    const colon = name.indexOf(':');
    if (colon > 0 && name.slice(colon + 1) === local && element.scope.get(name.slice(0, colon)) === XSL) return value;
  }
  return undefined;
}

function walk(root: XmlElement): XmlElement[] {
  const all: XmlElement[] = [];
  const stack = [root];
  while (stack.length) {
    const element = stack.pop()!;
    all.push(element);
    for (let index = element.children.length - 1; index >= 0; index--) stack.push(element.children[index]!);
  }
  return all;
}

function at(module: Module, element: XmlElement): SourceLocation {
  return { file: module.path, line: element.line, col: element.col };
}

/** Position of an attribute's value (plus an offset inside it) in the module's text; the element's when not found. */
function attributeLocation(module: Module, element: XmlElement, attribute: string, offsetInValue = 0): SourceLocation {
  const escaped = attribute.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`\\s${escaped}\\s*=\\s*["']`, 'g');
  pattern.lastIndex = element.offset;
  const match = pattern.exec(module.text);
  if (!match) return at(module, element);
  const { line, col } = positionAt(module.text, match.index + match[0].length + offsetInValue);
  return { file: module.path, line, col };
}
