// styles/<name>.sld (SLD 1.0 or SE 1.1, any declared encoding, kept byte for byte) and its optional
// styles/<name>.yaml (workspace, title, legend, selectors); published where a published layer or
// group uses it, or by its own selectors.
import type { DesiredKind } from '../../desired/kind.ts';
import { readXmlFile } from '../../desired/files.ts';
import { toSelectors } from '../selectors.ts';
import { iconProblem, iconReferences, type IconReference } from './icons.ts';
import { inspectStyle } from './inspect.ts';
import type { Style, StyleFormat } from './model.ts';
import { splitStyleReference } from './references.ts';
import schema from './style.schema.json' with { type: 'json' };

interface Sld {
  body: Uint8Array;
  encoding: string;
  format: StyleFormat;
  iconRefs: IconReference[];
}

export const styleFiles: DesiredKind<Style> = {
  name: 'style',
  collection: 'styles',
  files: [
    {
      pattern: /^styles\/([^/]+)\.sld$/,
      key: (match) => match[1]!,
      part: 'main',
      reader: {
        read(bytes, file) {
          const xml = readXmlFile(bytes, file);
          if ('problem' in xml) return { problems: [xml.problem] };
          const { format, problem } = inspectStyle(xml.root, file);
          if (problem) return { problems: [problem] };
          // its own copy: a view into a larger buffer would drag that buffer into the load cache
          const iconRefs = iconReferences(xml.root);
          return { problems: [], data: { body: Uint8Array.from(bytes), encoding: xml.encoding, format: format!, iconRefs } satisfies Sld };
        },
      },
    },
    { pattern: /^styles\/([^/]+)\.yaml$/, key: (match) => match[1]!, part: 'sidecar', reader: { yaml: schema } },
  ],
  orphanSidecar: (key) => ({ code: 'NoSuchStyle', message: `style sidecar without styles/${key}.sld` }),
  build({ key, main, sidecar, location }) {
    const sld = main as Sld;
    const style: Style = {
      name: key,
      format: sld.format,
      body: sld.body,
      encoding: sld.encoding,
      iconRefs: sld.iconRefs ?? [],
      ...toSelectors(sidecar),
      location,
    };
    if (sidecar?.workspace !== undefined) style.workspace = String(sidecar.workspace);
    if (sidecar?.title !== undefined) style.title = String(sidecar.title);
    if (sidecar?.legend) {
      const { url, width, height, format } = sidecar.legend as Record<string, unknown>;
      style.legend = {
        url: String(url),
        ...(width !== undefined ? { width: width as number } : {}),
        ...(height !== undefined ? { height: height as number } : {}),
        ...(format !== undefined ? { format: String(format) } : {}),
      };
    }
    return style;
  },
  keyOf: (style) => (style.workspace ? `${style.workspace}:${style.name}` : style.name),
  selectorFile: (style) => `styles/${style.name}.yaml`,
  // GeoServer names collide case-insensitively on case-insensitive data directories and in WMS clients.
  names: (style) => [{ space: `style:${style.workspace ?? ''}`, name: style.name, what: `style name ${style.name}` }],
  requires: {
    kinds: ['workspace', 'styleicon'],
    of: (style) => [
      ...(style.workspace ? [{ kind: 'workspace', key: style.workspace }] : []),
      ...packagedIcons(style).map((href) => ({ kind: 'styleicon', key: href })),
    ],
  },
  check({ state, known, locate, report, referencesTo, referrersIncomplete }) {
    for (const style of state.styles) {
      for (const { href, line, col } of style.iconRefs ?? []) {
        const at = { file: style.location.file, line, col };
        const problem = iconProblem(href);
        if (problem) report('InvalidSld', 'error', `style ${style.name}: ${problem}`, at);
        else if (!known('styleicon').has(href))
          report('InvalidSld', 'warning', `style ${style.name}: icon ${href} is not in git (styles/${href}): the server must already have it`, at);
      }
      if (style.workspace !== undefined && !known('workspace').has(style.workspace)) {
        report(
          'NoSuchWorkspace',
          'error',
          `style ${style.name}: workspace ${style.workspace} does not exist`,
          locate(`styles/${style.name}.yaml`, ['workspace']),
        );
      }
    }
    // Unused styles are only told when every file that could use one loaded.
    if (referrersIncomplete('style')) return;
    const used = new Set(referencesTo('style').map((reference) => splitStyleReference(reference.key).name));
    for (const style of state.styles) {
      if (!used.has(style.name)) report('UnusedStyle', 'warning', `style ${style.name} is not used by any layer or layer group`, style.location);
    }
  },
  render: 'none',
};

/** The icon files a style package carries: its relative hrefs that can be packaged, once each. */
export function packagedIcons(style: Pick<Style, 'iconRefs'>): string[] {
  return [...new Set((style.iconRefs ?? []).map((reference) => reference.href).filter((href) => !iconProblem(href)))];
}
