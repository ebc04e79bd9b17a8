// The end of `geoflux demo`: where its repository, state and site are, and the commands to try next,
// written so they can be pasted as they are into a new terminal.
export interface DemoPlaces {
  /** geoflux's own folder: `npx geoflux` runs from there. */
  projectRoot: string;
  repo: string;
  stateDir: string;
  siteDir: string;
}

export interface NextStepsOptions {
  /** The twins and the site still run (served mode): plan, drift and preview work against them. */
  serving: boolean;
  /** Variables the commands need because some twins are not on the example's default ports. */
  env: Record<string, string>;
  seconds: number;
}

const SAFE = /^[\w@%+=:,./-]+$/;

/** A word as a POSIX shell reads it back unchanged. */
export function shellWord(text: string): string {
  return SAFE.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

export function demoSummary(places: DemoPlaces, options: NextStepsOptions): string[] {
  const repo = shellWord(places.repo);
  const lines = [
    `demo done in ${options.seconds.toFixed(1)} s`,
    `  repository  ${places.repo}  (the example desired state replayed as 4 commits)`,
    `  state       ${places.stateDir}  (run reports, per-platform state, the flows' PGlite database)`,
    `  site        ${places.siteDir}`,
    '',
    options.serving
      ? 'Next, in another terminal (the twins and the site keep running here until Ctrl+C):'
      : 'Next (the twins have stopped: README "Try it against the twins" starts them again):',
    `  cd ${shellWord(places.projectRoot)}`,
  ];
  const env = Object.entries(options.env);
  if (env.length > 0) lines.push(`  export ${env.map(([name, value]) => `${name}=${shellWord(value)}`).join(' ')}`);
  const commands: [string, string][] = [[`npx geoflux flows status --repo ${repo}`, 'the two flows: last run, rows, next run']];
  if (options.serving) {
    commands.push(
      [`npx geoflux plan --repo ${repo} --platform preprod`, 'exit 2: the style recoloured by hand would be put back'],
      [`npx geoflux drift --repo ${repo} --platform preprod --heal`, 'puts it back; plan then exits 0'],
    );
  }
  commands.push([`npx geoflux validate --repo ${repo}`, 'the desired state, file by file']);
  if (!options.serving) commands.push([`npx geoflux site preview --out ${shellWord(places.siteDir)}`, 'serves the site on http://127.0.0.1:4321/']);
  const width = Math.max(...commands.map(([command]) => command.length));
  for (const [command, what] of commands) lines.push(`  ${command.padEnd(width)}  # ${what}`);
  return lines;
}
