// SimpleMetadataProcessingReport, the JSON answer of PUT and POST /records (FACTS B.2; spec.yaml
// components/schemas/SimpleMetadataProcessingReport; gn:services/.../api/processing/report/*.java) [code][doc]:
// metadataInfos keyed by internal id, each an InfoReport list; report-level `errors` are ErrorReports (their
// message plus the stack trace) and `infos` plain InfoReports, both with the Report fields left unset.
import { randomUUID } from 'node:crypto';

export interface ReportedRecord {
  id: number;
  /** What addMetadataInfos was given as uuid: the record's uuid, or its internal id for a MEF import. */
  uuid: string;
  message: string;
}

export interface ReportedError {
  /** Exception.getMessage(), null when the exception had none. */
  message: string | null;
  /** The Java exception class, first line of the stack. */
  exception: string;
}

export interface ReportContent {
  records: ReportedRecord[];
  errors?: ReportedError[];
  infos?: string[];
  /** `draft` of each record's info: !publishToAll. */
  publishToAll: boolean;
  started: string;
  ended: string;
}

export function processingReport(content: ReportContent): Record<string, unknown> {
  const metadataInfos: Record<string, unknown[]> = {};
  for (const record of content.records) {
    (metadataInfos[String(record.id)] ??= []).push({
      message: record.message,
      uuid: record.uuid,
      draft: !content.publishToAll,
      approved: false,
      date: content.ended,
    });
  }
  const unset = { uuid: null, draft: false, approved: false, date: content.ended };
  return {
    errors: (content.errors ?? []).map((error) => ({
      message: error.message,
      ...unset,
      stack: `${error.exception}${error.message === null ? '' : `: ${error.message}`}`,
    })),
    infos: (content.infos ?? []).map((message) => ({ message, ...unset })),
    uuid: randomUUID(),
    metadata: [...new Set(content.records.map((record) => record.id))].sort((a, b) => a - b),
    metadataErrors: {},
    metadataInfos,
    numberOfRecordsProcessed: content.records.length,
    numberOfRecordsWithErrors: 0,
    numberOfNullRecords: 0,
    numberOfRecords: content.records.length,
    numberOfRecordNotFound: 0,
    numberOfRecordsNotEditable: 0,
    numberOfRecordsUnchanged: 0,
    startIsoDateTime: content.started,
    endIsoDateTime: content.ended,
    ellapsedTimeInSeconds: 0,
    totalTimeInSeconds: 0,
    running: false,
    type: 'SimpleMetadataProcessingReport',
  };
}
