// The Elasticsearch document GeoNetwork indexes for a record (field names and value shapes as
// in the real _search responses of contracts/geonetwork/samples/es-search-response-*.json).
import { GROUP_ALL, GROUP_GUEST, GROUP_INTRANET, OPERATIONS, OPERATION_ID, groupsWith } from './privileges.ts';
import type { StoredRecord } from './record-store.ts';
import { NS, attributeOf, descendants, rootElement, select, textOf, type XmlElement } from './xml-tree.ts';

export interface IndexedRecord {
  _id: string;
  /** What _search returns as _source. */
  source: Record<string, unknown>;
  /** Indexed but not returned: op<n> permission fields and the full-text catch-all. */
  hidden: { anytext: string } & Record<string, unknown>;
}

export interface IndexContext {
  groupName(id: number): string | undefined;
  siteId: string;
  ownerName: string;
}

const TEMPLATE_FLAG = { METADATA: 'n', TEMPLATE: 'y', SUB_TEMPLATE: 's', TEMPLATE_OF_SUB_TEMPLATE: 't' } as const;

/** Java's Instant.toString(): ISO 8601 in UTC, milliseconds dropped when zero. */
export function instantString(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

/** XML date or date-time as the index stores it (date-util:convertToISOZuluDateTime), undefined when unparseable. */
export function zuluDate(value: string): string | undefined {
  const text = value.trim();
  const withZone = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
  const time = Date.parse(withZone);
  return Number.isNaN(time) ? undefined : instantString(new Date(time));
}

interface RecordFacts {
  title?: string;
  abstract?: string;
  mainLanguage?: string;
  resourceType: string[];
  dateStamp?: string;
  keywords: string[];
  links: Array<{ url: string; protocol: string; name?: string; description?: string; function: string; applicationProfile: string; group: number }>;
}

const first = (elements: XmlElement[]): string | undefined => {
  const text = elements.length > 0 ? textOf(elements[0]) : '';
  return text === '' ? undefined : text;
};

function iso19139Facts(root: XmlElement): RecordFacts {
  const identification = select(root, [[NS.gmd, 'identificationInfo'], '*']);
  const onIdentification = (path: Array<[string, string] | '*'>) => identification.flatMap((id) => select(id, path));
  const languageCode = select(root, [
    [NS.gmd, 'language'],
    [NS.gmd, 'LanguageCode'],
  ])[0];
  return {
    title: first(
      onIdentification([
        [NS.gmd, 'citation'],
        [NS.gmd, 'CI_Citation'],
        [NS.gmd, 'title'],
      ]),
    ),
    abstract: first(onIdentification([[NS.gmd, 'abstract']])),
    mainLanguage:
      (languageCode && attributeOf(languageCode, '', 'codeListValue')) ||
      first(
        select(root, [
          [NS.gmd, 'language'],
          [NS.gco, 'CharacterString'],
        ]),
      ),
    resourceType: select(root, [
      [NS.gmd, 'hierarchyLevel'],
      [NS.gmd, 'MD_ScopeCode'],
    ])
      .map((code) => attributeOf(code, '', 'codeListValue') ?? '')
      .filter((value) => value !== ''),
    dateStamp: first(select(root, [[NS.gmd, 'dateStamp'], '*'])),
    keywords: onIdentification([
      [NS.gmd, 'descriptiveKeywords'],
      [NS.gmd, 'MD_Keywords'],
      [NS.gmd, 'keyword'],
    ])
      .map(textOf)
      .filter((k) => k !== ''),
    links: select(root, [[NS.gmd, 'distributionInfo'], '*', [NS.gmd, 'transferOptions']]).flatMap((options, group) =>
      descendants(options, NS.gmd, 'CI_OnlineResource').map((resource) => {
        const functionCode = select(resource, [
          [NS.gmd, 'function'],
          [NS.gmd, 'CI_OnLineFunctionCode'],
        ])[0];
        return {
          url: first(select(resource, [[NS.gmd, 'linkage'], '*'])) ?? '',
          protocol: first(select(resource, [[NS.gmd, 'protocol']])) ?? '',
          name: first(select(resource, [[NS.gmd, 'name']])),
          description: first(select(resource, [[NS.gmd, 'description']])),
          function: (functionCode && attributeOf(functionCode, '', 'codeListValue')) ?? '',
          applicationProfile: first(select(resource, [[NS.gmd, 'applicationProfile']])) ?? '',
          group,
        };
      }),
    ),
  };
}

function iso19115Facts(root: XmlElement): RecordFacts {
  const identification = select(root, [[NS.mdb, 'identificationInfo'], '*']);
  const onIdentification = (path: Array<[string, string] | '*'>) => identification.flatMap((id) => select(id, path));
  const language = select(root, [
    [NS.mdb, 'defaultLocale'],
    [NS.lan, 'PT_Locale'],
    [NS.lan, 'language'],
    [NS.lan, 'LanguageCode'],
  ])[0];
  const datesOfType = (type: string) =>
    select(root, [
      [NS.mdb, 'dateInfo'],
      [NS.cit, 'CI_Date'],
    ]).filter((date) => {
      const code = select(date, [[NS.cit, 'dateType'], '*'])[0];
      return code !== undefined && attributeOf(code, '', 'codeListValue') === type;
    });
  const dateOf = (dates: XmlElement[]) => first(dates.flatMap((date) => select(date, [[NS.cit, 'date'], '*'])));
  return {
    title: first(
      onIdentification([
        [NS.mri, 'citation'],
        [NS.cit, 'CI_Citation'],
        [NS.cit, 'title'],
      ]),
    ),
    abstract: first(onIdentification([[NS.mri, 'abstract']])),
    mainLanguage: language && attributeOf(language, '', 'codeListValue'),
    resourceType: select(root, [
      [NS.mdb, 'metadataScope'],
      [NS.mdb, 'MD_MetadataScope'],
      [NS.mdb, 'resourceScope'],
      [NS.mcc, 'MD_ScopeCode'],
    ])
      .map((code) => attributeOf(code, '', 'codeListValue') ?? '')
      .filter((value) => value !== ''),
    dateStamp: dateOf(datesOfType('revision')) ?? dateOf(datesOfType('creation')),
    keywords: onIdentification([
      [NS.mri, 'descriptiveKeywords'],
      [NS.mri, 'MD_Keywords'],
      [NS.mri, 'keyword'],
    ])
      .map(textOf)
      .filter((k) => k !== ''),
    links: select(root, [[NS.mdb, 'distributionInfo'], '*', [NS.mrd, 'transferOptions']]).flatMap((options, group) =>
      descendants(options, NS.cit, 'CI_OnlineResource').map((resource) => {
        const functionCode = select(resource, [
          [NS.cit, 'function'],
          [NS.cit, 'CI_OnLineFunctionCode'],
        ])[0];
        return {
          url: first(select(resource, [[NS.cit, 'linkage']])) ?? '',
          protocol: first(select(resource, [[NS.cit, 'protocol']])) ?? '',
          name: first(select(resource, [[NS.cit, 'name']])),
          description: first(select(resource, [[NS.cit, 'description']])),
          function: (functionCode && attributeOf(functionCode, '', 'codeListValue')) ?? '',
          applicationProfile: first(select(resource, [[NS.cit, 'applicationProfile']])) ?? '',
          group,
        };
      }),
    ),
  };
}

export function indexRecord(record: StoredRecord, context: IndexContext): IndexedRecord {
  const root = rootElement(record.document) as XmlElement;
  const facts = record.schema === 'iso19139' ? iso19139Facts(root) : iso19115Facts(root);
  const localized = (text: string) => (facts.mainLanguage ? { default: text, [`lang${facts.mainLanguage}`]: text } : { default: text });
  const viewers = groupsWith(record.privileges, 'view');
  const source: Record<string, unknown> = {
    docType: 'metadata',
    document: '',
    metadataIdentifier: record.uuid,
    indexingDate: record.indexingDate,
    ...(facts.dateStamp && zuluDate(facts.dateStamp) ? { dateStamp: zuluDate(facts.dateStamp) } : {}),
    ...(facts.mainLanguage ? { mainLanguage: facts.mainLanguage } : {}),
    resourceType: facts.resourceType.length > 0 ? facts.resourceType : ['dataset'],
    ...(facts.title !== undefined ? { resourceTitleObject: localized(facts.title) } : {}),
    ...(facts.abstract !== undefined ? { resourceAbstractObject: localized(facts.abstract) } : {}),
    ...(facts.keywords.length > 0 ? { tag: facts.keywords.map(localized), tagNumber: String(facts.keywords.length) } : {}),
    ...(facts.links.length > 0
      ? {
          link: facts.links.map((link) => ({
            protocol: link.protocol,
            ...(link.description !== undefined ? { descriptionObject: localized(link.description) } : {}),
            function: link.function,
            applicationProfile: link.applicationProfile,
            urlObject: localized(link.url),
            ...(link.name !== undefined ? { nameObject: localized(link.name) } : {}),
            group: link.group,
          })),
          linkUrl: facts.links.map((link) => link.url),
          linkProtocol: facts.links.map((link) => link.protocol),
        }
      : {}),
    id: String(record.id),
    uuid: record.uuid,
    createDate: record.createDate,
    changeDate: record.changeDate,
    isTemplate: TEMPLATE_FLAG[record.metadataType],
    isHarvested: 'false',
    documentStandard: record.schema,
    owner: String(record.owner),
    ...(record.groupOwner !== null ? { groupOwner: String(record.groupOwner) } : {}),
    recordOwner: `${context.ownerName} ${context.ownerName}`,
    isPublishedToAll: String(viewers.includes(String(GROUP_ALL))),
    isPublishedToIntranet: String(viewers.includes(String(GROUP_INTRANET))),
    isPublishedToGuest: String(viewers.includes(String(GROUP_GUEST))),
    groupPublished: viewers.map((id) => context.groupName(Number(id)) ?? id),
    groupPublishedId: viewers,
    popularity: record.popularity,
    sourceCatalogue: context.siteId,
    draft: 'n',
    valid: '-1',
    rating: '0',
    feedbackCount: '0',
    displayOrder: '0',
    hasxlinks: 'false',
    record: 'record',
    featureOfRecord: 'record',
    recordGroup: record.uuid,
    userSavedCount: '0',
  };
  const hidden: IndexedRecord['hidden'] = {
    anytext: [record.uuid, facts.title, facts.abstract, ...facts.keywords, ...facts.links.map((l) => l.name)].filter(Boolean).join(' '),
  };
  for (const operation of OPERATIONS) hidden[`op${OPERATION_ID[operation]}`] = groupsWith(record.privileges, operation);
  return { _id: record.uuid, source, hidden };
}
