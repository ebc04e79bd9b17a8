// Generates a large desired-state repository for bench/reconcile.ts: N records, M layers (each
// with its own style and record), spread over a few workspaces, in a git repository; styles beyond
// the layers' own are tagged and published without a layer.
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface GeneratedRepo {
  dir: string;
  records: number;
  layers: number;
  styles: number;
  workspaces: string[];
}

const WORKSPACES = ['urbanisme', 'environnement', 'mobilite', 'eau', 'energie', 'foncier', 'risques', 'patrimoine', 'agriculture', 'sante'];

export function uuidOf(index: number): string {
  const hex = index.toString(16).padStart(12, '0');
  return `b0000000-0000-4000-8000-${hex}`;
}

function recordXml(uuid: string, title: string, layer?: string): string {
  const online = layer
    ? `
  <gmd:distributionInfo><gmd:MD_Distribution><gmd:transferOptions><gmd:MD_DigitalTransferOptions>
    <gmd:onLine><gmd:CI_OnlineResource>
      <gmd:linkage><gmd:URL>{{geoserverUrl}}/ows</gmd:URL></gmd:linkage>
      <gmd:protocol><gco:CharacterString>OGC:WMS</gco:CharacterString></gmd:protocol>
      <gmd:name><gco:CharacterString>${layer}</gco:CharacterString></gmd:name>
    </gmd:CI_OnlineResource></gmd:onLine>
  </gmd:MD_DigitalTransferOptions></gmd:transferOptions></gmd:MD_Distribution></gmd:distributionInfo>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco">
  <gmd:fileIdentifier><gco:CharacterString>${uuid}</gco:CharacterString></gmd:fileIdentifier>
  <gmd:language><gmd:LanguageCode codeList="http://www.loc.gov/standards/iso639-2/" codeListValue="fre">fre</gmd:LanguageCode></gmd:language>
  <gmd:dateStamp><gco:DateTime>2024-01-15T10:00:00</gco:DateTime></gmd:dateStamp>
  <gmd:identificationInfo><gmd:MD_DataIdentification>
    <gmd:citation><gmd:CI_Citation>
      <gmd:title><gco:CharacterString>${title}</gco:CharacterString></gmd:title>
      <gmd:date><gmd:CI_Date><gmd:date><gco:Date>2024-01-15</gco:Date></gmd:date>
        <gmd:dateType><gmd:CI_DateTypeCode codeList="http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#CI_DateTypeCode" codeListValue="revision">revision</gmd:CI_DateTypeCode></gmd:dateType></gmd:CI_Date></gmd:date>
    </gmd:CI_Citation></gmd:citation>
    <gmd:abstract><gco:CharacterString>Jeu de données généré pour le banc d'essai : ${title}.</gco:CharacterString></gmd:abstract>
  </gmd:MD_DataIdentification></gmd:identificationInfo>${online}
</gmd:MD_Metadata>
`;
}

export function styleSld(name: string, color: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc">
  <NamedLayer><Name>${name}</Name><UserStyle><Name>${name}</Name><Title>${name}</Title>
    <FeatureTypeStyle><Rule><PolygonSymbolizer><Fill><CssParameter name="fill">${color}</CssParameter></Fill></PolygonSymbolizer></Rule></FeatureTypeStyle>
  </UserStyle></NamedLayer>
</StyledLayerDescriptor>
`;
}

export async function generateRepository(dir: string, counts: { records: number; layers: number; styles?: number }): Promise<GeneratedRepo> {
  const styles = Math.max(counts.styles ?? counts.layers, counts.layers);
  const workspaces = WORKSPACES.slice(0, Math.max(1, Math.min(WORKSPACES.length, Math.ceil(counts.layers / 200))));
  await mkdir(join(dir, 'metadata'), { recursive: true });
  await mkdir(join(dir, 'styles'), { recursive: true });
  await writeFile(
    join(dir, 'geoflux.yaml'),
    `version: 1
platforms:
  bench:
    geoserver:
      url: \${BENCH_GEOSERVER_URL}
      user: \${BENCH_GEOSERVER_USER}
      password: \${BENCH_GEOSERVER_PASSWORD}
    geonetwork:
      url: \${BENCH_GEONETWORK_URL}
      user: \${BENCH_GEONETWORK_USER}
      password: \${BENCH_GEONETWORK_PASSWORD}
      group: 2
    vars: { DB_HOST: db.bench.example.org }
scope:
  workspaces: [${workspaces.join(', ')}]
  metadataGroup: 2
prune: { enabled: false, maxDeletions: 10 }
`,
  );
  for (const ws of workspaces) {
    await mkdir(join(dir, 'workspaces', ws, 'stores'), { recursive: true });
    await mkdir(join(dir, 'workspaces', ws, 'layers'), { recursive: true });
    await writeFile(join(dir, 'workspaces', ws, 'workspace.yaml'), `namespaceUri: https://data.bench.example.org/${ws}\n`);
    await writeFile(
      join(dir, 'workspaces', ws, 'stores', 'sig.yaml'),
      `type: postgis\nconnection:\n  host: "{{DB_HOST}}"\n  port: 5432\n  database: sig\n  schema: ${ws}\n  user: \${BENCH_DB_USER}\n  passwd: \${BENCH_DB_PASSWORD}\n`,
    );
  }
  const writes: Promise<void>[] = [];
  const flush = async () => {
    await Promise.all(writes);
    writes.length = 0;
  };
  for (let i = 0; i < counts.layers; i += 1) {
    const ws = workspaces[i % workspaces.length]!;
    const name = `couche_${String(i).padStart(5, '0')}`;
    const uuid = uuidOf(i);
    writes.push(writeFile(join(dir, 'styles', `${name}.sld`), styleSld(name, `#${((i * 2654435761) % 0xffffff).toString(16).padStart(6, '0')}`)));
    writes.push(
      writeFile(
        join(dir, 'workspaces', ws, 'layers', `${name}.yaml`),
        `store: sig\ntitle: Couche ${i}\nkeywords: [banc, ${ws}]\nsrs: EPSG:2154\ndefaultStyle: ${name}\nmetadata: ${uuid}\n`,
      ),
    );
    writes.push(writeFile(join(dir, 'metadata', `${uuid}.xml`), recordXml(uuid, `Couche ${i}`, `${ws}:${name}`)));
    if (writes.length >= 300) await flush();
  }
  for (let i = counts.layers; i < styles; i += 1) {
    const name = `style_${String(i).padStart(5, '0')}`;
    writes.push(writeFile(join(dir, 'styles', `${name}.sld`), styleSld(name, '#336699')));
    writes.push(writeFile(join(dir, 'styles', `${name}.yaml`), 'tags: [bench]\n'));
    if (writes.length >= 300) await flush();
  }
  for (let i = counts.layers; i < counts.records; i += 1) {
    const uuid = uuidOf(i);
    writes.push(writeFile(join(dir, 'metadata', `${uuid}.xml`), recordXml(uuid, `Fiche ${i}`)));
    if (writes.length >= 300) await flush();
  }
  await flush();
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Bench',
        GIT_AUTHOR_EMAIL: 'bench@example.org',
        GIT_COMMITTER_NAME: 'Bench',
        GIT_COMMITTER_EMAIL: 'bench@example.org',
      },
    });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'Generated desired state');
  return { dir, records: counts.records, layers: counts.layers, styles, workspaces };
}

export function commitAll(dir: string, message: string): void {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Bench',
    GIT_AUTHOR_EMAIL: 'bench@example.org',
    GIT_COMMITTER_NAME: 'Bench',
    GIT_COMMITTER_EMAIL: 'bench@example.org',
  };
  execFileSync('git', ['add', '-A'], { cwd: dir, env });
  execFileSync('git', ['commit', '-q', '-m', message], { cwd: dir, env });
}
