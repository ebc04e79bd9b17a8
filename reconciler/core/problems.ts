// The project's core vocabulary, importing nothing of the project: where a value came from, the
// problem taxonomy every check reports in (DESIGN §2), and the error a user's mistake is thrown as.

/** Where a value came from: a file path relative to the desired-state root, 1-based line and column. */
export interface SourceLocation {
  file: string;
  line?: number;
  col?: number;
}

export type Severity = 'error' | 'warning';

/** One taxonomy for every problem geoflux reports about a repository (DESIGN §2). */
export type ProblemCode =
  | 'InvalidYaml'
  | 'SchemaViolation'
  | 'UnsetVariable'
  | 'InvalidXml'
  | 'ForbiddenDoctype'
  | 'InvalidEncoding'
  | 'FileTooLarge'
  | 'InvalidDataFile'
  | 'UnknownCrs'
  | 'InvalidSld'
  | 'InvalidRecord'
  | 'UuidMismatch'
  | 'InvalidXslt'
  | 'ForbiddenXslt'
  | 'XsltLimitExceeded'
  | 'InvalidCron'
  | 'DuplicateName'
  | 'NoSuchWorkspace'
  | 'NoSuchStore'
  | 'NoSuchStyle'
  | 'NoSuchRecord'
  | 'NoSuchLayer'
  | 'NoSuchTransform'
  | 'NoSuchPlatform'
  | 'NoSuchRole'
  | 'InvalidAccessRule'
  | 'UnusedStyle'
  | 'LayerWithoutMetadata'
  | 'MetadataWithoutLayer'
  | 'BrokenMetadataLink'
  | 'UnknownFile'
  | 'NoSuchCommit'
  | 'NoSuchPath';

export interface Problem {
  code: ProblemCode;
  severity: Severity;
  message: string;
  location: SourceLocation;
}

/** A user's mistake: rendered as one line (what and where), never with a stack trace. */
export class GeofluxError extends Error {
  constructor(
    readonly code: ProblemCode | string,
    message: string,
    readonly location?: SourceLocation,
  ) {
    super(message);
    this.name = 'GeofluxError';
  }
}

export function formatLocation(location?: SourceLocation): string {
  if (!location) return '';
  let text = location.file;
  if (location.line) text += `:${location.line}`;
  if (location.line && location.col) text += `:${location.col}`;
  return text;
}
