// POST /srv/api/records: records uploaded as XML files or MEF archives (MetadataInsertDeleteApi.insertFile).
// [code] gn:services/.../api/records/MetadataInsertDeleteApi.java; messages from
// gn:web/.../WEB-INF/classes/org/fao/geonet/api/Messages.properties.
import type { TwinResponse } from '../types.ts';
import { MultipartError, isMultipartForm, parseMultipartForm, type FormPart } from '../multipart.ts';
import { CatalogError } from './catalog.ts';
import { MefError, readMef, type MefLimits } from './mef-archive.ts';
import { MefImporter } from './mef-import.ts';
import { processingReport, type ReportedError, type ReportedRecord } from './processing-report.ts';
import { instantString } from './record-index.ts';
import { apiNotFound, importParameters, importRefusal } from './records-routes.ts';
import { accessDenied, apiError, json, runtimeException, unsatisfiedParameter } from './responses.ts';
import { isAdmin, type RouteContext } from './route-context.ts';
import { XmlSyntaxError, parseXml } from './xml-tree.ts';

/** CommonsMultipartFile.getOriginalFilename: the client's path stripped, Unix or Windows style. */
function originalFilename(part: FormPart): string {
  const name = part.filename ?? '';
  return name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
}

/** MEFLib.isValidArchiveExtensionForMEF: anything else is read as an XML file. */
const isArchive = (filename: string) => /\.(zip|mef)$/i.test(filename);

/**
 * Spring's @RequestParam reads multipart fields as it reads the query string (the query's values first): the
 * form's plain fields join the URL's parameters, the file parts are the `file` argument.
 */
function withFormFields(ctx: RouteContext, parts: FormPart[]): RouteContext {
  const url = new URL(ctx.req.url);
  for (const part of parts) if (part.filename === undefined) url.searchParams.append(part.name, part.data.toString('utf8'));
  return { ...ctx, req: { ...ctx.req, url } };
}

export function postRecords(ctx: RouteContext, limits: MefLimits): TwinResponse {
  let parts: FormPart[] = [];
  if (isMultipartForm(ctx.req.headers['content-type'])) {
    try {
      parts = parseMultipartForm(ctx.req.body, String(ctx.req.headers['content-type']));
    } catch (error) {
      if (!(error instanceof MultipartError)) throw error;
      return apiError(
        400,
        'unsatisfied_request_parameter',
        'MultipartException',
        `Failed to parse multipart servlet request; nested exception is ${error.message}`,
      );
    }
  }
  const form = withFormFields(ctx, parts);
  const parameters = importParameters(form);
  if (!isAdmin(ctx)) return accessDenied(ctx.req);
  // A request that is not multipart, or has no file part, leaves the MultipartFile[] argument null.
  const files = parts.filter((part) => part.name === 'file' && part.filename !== undefined);
  if (files.length === 0) return unsatisfiedParameter('A file MUST be provided.');

  const started = instantString(ctx.catalog.now());
  const records: ReportedRecord[] = [];
  const errors: ReportedError[] = [];
  const infos: string[] = [];
  for (const file of files) {
    const filename = originalFilename(file);
    if (isArchive(filename)) {
      // Every failure of a MEF is caught and reported; the answer stays 201.
      let failure: MefError | undefined;
      try {
        const outcome = new MefImporter(ctx.catalog, { ...parameters, archiveName: filename }).run(readMef(file.data, limits));
        failure =
          outcome.failure ??
          (outcome.ids.length === 0
            ? new MefError('Import 0 record, check whether the importing file is a valid MEF archive.', 'org.fao.geonet.exceptions.BadFormatEx')
            : undefined);
        // addMetadataInfos(id, id, …): for a MEF the report's "uuid" is the internal id.
        if (!failure) for (const id of outcome.ids) records.push({ id, uuid: String(id), message: `Metadata imported with ID '${id}'` });
      } catch (error) {
        if (!(error instanceof MefError)) throw error;
        failure = error;
      }
      if (failure) {
        errors.push({ message: failure.message, exception: failure.exception });
        infos.push(`Failed to import MEF file '${filename}'. Check error for details.`);
      }
      continue;
    }
    // An XML file goes through loadRecord, as PUT's body does; its failures end the request.
    const xml = file.data.toString('utf8');
    try {
      parseXml(xml);
    } catch (error) {
      if (error instanceof XmlSyntaxError) return runtimeException('JDOMParseException', error.message);
      throw error;
    }
    if (parameters.transformWith !== '_none_') return apiNotFound(`XSL transformation '${parameters.transformWith}' not found.`);
    try {
      const { record } = ctx.catalog.importRecord({ xml, ...parameters });
      records.push({ id: record.id, uuid: record.uuid, message: `Metadata imported with UUID '${record.uuid}'` });
    } catch (error) {
      if (error instanceof CatalogError) return importRefusal(error);
      throw error;
    }
  }
  return json(201, processingReport({ records, errors, infos, publishToAll: parameters.publishToAll, started, ended: instantString(ctx.catalog.now()) }));
}
