// README.md of an imported repository: where it came from, the variables to set (secrets are never
// written), the editor schemas, and what the first plan or apply will change or could not import.
import { countsText } from '../counts.ts';
import type { ImportResult, ImportSource, Note, SelectionRequest } from '../types.ts';

export interface ReadmeInput {
  source: ImportSource;
  request: SelectionRequest;
  counts: ImportResult['counts'];
  /** The kinds' sentences for the head (the records' group, …). */
  readme: string[];
  variables: ImportResult['variables'];
  notes: Note[];
}

function describeSelection(request: SelectionRequest): string {
  const parts: string[] = [];
  if (request.workspaces.length > 0) parts.push(`workspaces ${request.workspaces.join(', ')}`);
  if (request.uuids.length > 0) parts.push(`records ${request.uuids.join(', ')}`);
  if (request.search !== undefined) parts.push(`records matching “${request.search}”${request.harvested ? ' (harvested included)' : ''}`);
  return parts.length > 0 ? `${parts.join('; ')}, with what they reference` : 'everything in the GeoServer and the records of the GeoNetwork group';
}

const SECTIONS: [Note['kind'], string][] = [
  ['invalid', 'Fix before the first plan (geoflux validate refuses it)'],
  ['firstApply', 'What the first apply will change'],
  ['skipped', 'Not imported'],
  ['info', 'Good to know'],
];

export function readmeFile(input: ReadmeInput): { path: string; text: string } {
  const { source, counts } = input;
  const lines = [
    '# Desired state imported by `geoflux import`',
    '',
    `Platform \`${source.platform}\`: GeoServer ${source.geoserver.url}, GeoNetwork ${source.geonetwork.url}.`,
    ...input.readme,
    `Selection: ${describeSelection(input.request)}.`,
    '',
    `Imported: ${countsText(counts)}.`,
    '',
    '## Environment variables',
    '',
    'Secrets are never written to this repository. Set these variables wherever geoflux runs (CI secrets):',
    'GeoServer returns store passwords encrypted, so the store passwords have to come from you.',
    '',
    '| variable | value |',
    '|---|---|',
    ...input.variables.map((variable) => `| \`${variable.name}\` | ${variable.purpose} |`),
    '',
    'Until a store password has been applied once, `geoflux plan` lists the store as an update',
    '("password not known to be applied"): geoflux cannot read a password back to compare it.',
    '',
    '## Editor schemas',
    '',
    'Every YAML file starts with `# yaml-language-server: $schema=…/schemas/<kind>.schema.json`, relative to',
    'the root of this repository. Copy the `schemas/` folder of geoflux here to get completion and checks in',
    'your editor; geoflux itself does not need it.',
  ];
  for (const [kind, title] of SECTIONS) {
    const notes = input.notes.filter((note) => note.kind === kind);
    if (notes.length === 0) continue;
    lines.push('', `## ${title}`, '', ...notes.map((note) => `- ${note.subject}: ${note.message}`));
  }
  return { path: 'README.md', text: `${lines.join('\n')}\n` };
}
