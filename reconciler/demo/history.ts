// The demo's scratch repository: the example desired state replayed as a short, realistic history
// (initial publication, a style change of a tile-cached layer with its record's new thumbnail, a new layer with its record, a layer
// withdrawn with its record and its access rule).
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { projectRoot } from '../paths.ts';

export interface DemoStep {
  message: string;
  /** Edits the work tree from the previous step's content. */
  apply(dir: string): Promise<void>;
}

const NEW_LAYER = {
  layer: 'workspaces/mobilite/layers/stationnement_velos.yaml',
  record: 'metadata/60e7df55-0a19-41a7-b3c4-b19b826c7639.xml',
  style: 'styles/stationnement_velos.sld',
};
const WITHDRAWN = {
  layer: 'workspaces/mobilite/layers/comptages_trafic.yaml',
  record: 'metadata/4eb783d1-8508-430d-9493-e118c6c4c987.xml',
  style: 'styles/comptages_trafic.sld',
};
export const RESTYLED = { file: 'styles/espaces_verts.sld', before: '#7FBF5F', after: '#5DAA3C' };
/** The green spaces' record shows the parks in their colour: its thumbnail changes with the style. */
const RESTYLED_THUMBNAIL = {
  file: 'metadata/55f2fabc-e533-41d1-a885-caea53552aff/apercu.png',
  before: join(projectRoot(), 'reconciler', 'demo', 'espaces-verts-apercu-2025.png'),
};
/** The withdrawn layer's access rule goes with it: a security-relevant change on prod. */
const WITHDRAWN_RULE = {
  file: 'security/layers.yaml',
  text: '  - rule: mobilite.comptages_trafic.r\n    roles: [ROLE_AGENT_METROPOLE, ADMIN]\n    platforms: [prod]\n',
};

async function replaceInFile(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (!text.includes(from)) throw new Error(`demo: ${file} no longer contains ${from}`);
  await writeFile(file, text.replace(from, to));
}

export function demoSteps(exampleDir: string): DemoStep[] {
  return [
    {
      message: 'Publication initiale des couches, styles et fiches de métadonnées',
      async apply(dir) {
        await cp(exampleDir, dir, { recursive: true, filter: (src) => !src.includes('/.github') && !src.endsWith('.gitlab-ci.yml') });
        for (const file of Object.values(NEW_LAYER)) await rm(join(dir, file));
        await replaceInFile(join(dir, RESTYLED.file), RESTYLED.after, RESTYLED.before);
        await cp(RESTYLED_THUMBNAIL.before, join(dir, RESTYLED_THUMBNAIL.file));
        // The demo withdraws a record later on: deletions need prune, inside the managed scope.
        await replaceInFile(join(dir, 'geoflux.yaml'), 'prune:\n  enabled: false', 'prune:\n  enabled: true');
      },
    },
    {
      message: 'Espaces verts : nouvelle couleur de remplissage, et l’aperçu de la fiche qui la montre',
      async apply(dir) {
        await replaceInFile(join(dir, RESTYLED.file), RESTYLED.before, RESTYLED.after);
        await cp(join(exampleDir, RESTYLED_THUMBNAIL.file), join(dir, RESTYLED_THUMBNAIL.file));
      },
    },
    {
      message: 'Nouvelle couche : stationnement vélo, avec sa fiche',
      async apply(dir) {
        for (const file of Object.values(NEW_LAYER)) await cp(join(exampleDir, file), join(dir, file));
      },
    },
    {
      message: 'Retrait des stations de comptage routier, de leur fiche et de leur règle d’accès',
      async apply(dir) {
        for (const file of Object.values(WITHDRAWN)) await rm(join(dir, file));
        await replaceInFile(join(dir, WITHDRAWN_RULE.file), WITHDRAWN_RULE.text, '');
      },
    },
  ];
}

export async function initDemoRepository(dir: string): Promise<SimpleGit> {
  const git = simpleGit(dir);
  await git.init(['--initial-branch=main']);
  await git.addConfig('user.name', 'Service SIG de Belleroche');
  await git.addConfig('user.email', 'sig@belleroche-metropole.example.org');
  await git.addConfig('commit.gpgsign', 'false');
  return git;
}

export async function commitStep(git: SimpleGit, dir: string, step: DemoStep): Promise<string> {
  await step.apply(dir);
  await git.add(['-A']);
  const result = await git.commit(step.message);
  return result.commit;
}
