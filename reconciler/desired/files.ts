// One repository file → checked text or tree, for the loader and for other modules that read
// desired-state files (import, twins seeding): the same size, encoding and XML safety rules everywhere.
import type { Problem } from '../core/problems.ts';
import { decodeFile, DEFAULT_MAX_FILE_BYTES } from '../core/text.ts';
import { checkXml, MAX_XML_DEPTH, parseXml, type XmlElement } from '../core/xml.ts';
import { loadYaml, type YamlFile, type YamlOptions } from './yaml.ts';

export function fileTooLarge(file: string, size: number, maxBytes = DEFAULT_MAX_FILE_BYTES): Problem {
  const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return { code: 'FileTooLarge', severity: 'error', message: `${megabytes(size)} is above the ${megabytes(maxBytes)} limit`, location: { file } };
}

export type XmlFile = { text: string; encoding: string; root: XmlElement } | { problem: Problem };

/** Decodes (declared encoding), refuses DOCTYPE/entities, checks well-formedness, parses. */
export function readXmlFile(bytes: Uint8Array, file: string): XmlFile {
  const decoded = decodeFile(bytes, file, { xml: true });
  if ('problem' in decoded) return decoded;
  const problem = checkXml(decoded.text, file);
  if (problem) return { problem };
  let root: XmlElement | undefined;
  try {
    root = parseXml(decoded.text);
  } catch (error) {
    return {
      problem: {
        code: 'InvalidXml',
        severity: 'error',
        message: `refused: ${(error as Error).message} (more than ${MAX_XML_DEPTH} levels)`,
        location: { file },
      },
    };
  }
  if (!root) return { problem: { code: 'InvalidXml', severity: 'error', message: 'no root element', location: { file } } };
  return { text: decoded.text, encoding: decoded.encoding, root };
}

/** Decodes (UTF-8 only, as YAML requires) and loads a YAML file with substitution and schema validation. */
export function readYamlFile(bytes: Uint8Array, file: string, options: YamlOptions): YamlFile {
  const decoded = decodeFile(bytes, file, { xml: false });
  if ('problem' in decoded) return { file, value: undefined, problems: [decoded.problem], unset: [], locate: () => ({ file }) };
  return loadYaml(decoded.text, file, options);
}
