// Defence in depth: hostile stylesheets given straight to the sandbox, as if the static policy had
// missed them. Each attack is judged by its side effect (a marker file, a connection, a secret in
// the output), not by an error message.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileInSandbox, SandboxRunError, StylesheetRunner, type SandboxStylesheet } from './sandbox.ts';

const NAMESPACES = [
  'xmlns:xsl="http://www.w3.org/1999/XSL/Transform"',
  'xmlns:js="http://saxonica.com/ns/globalJS"',
  'xmlns:ixsl="http://saxonica.com/ns/interactiveXSLT"',
].join(' ');
const CANARY = `canary-${process.pid}-${Date.now()}`;
const scratch = mkdtempSync(join(tmpdir(), 'geoflux-sandbox-test-'));
const marker = join(scratch, 'pwned');
const secretFile = join(scratch, 'secret.txt');
let connections = 0;
let server: Server;
let port = 0;
const runner = new StylesheetRunner({ timeMs: 4_000, memoryMb: 96 });

beforeAll(async () => {
  process.env.GEOFLUX_SANDBOX_CANARY = CANARY;
  writeFileSync(secretFile, CANARY);
  server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  delete process.env.GEOFLUX_SANDBOX_CANARY;
  runner.close();
  await new Promise((resolve) => server.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

const stylesheet = (body: string) => `<xsl:stylesheet version="3.0" ${NAMESPACES}>${body}</xsl:stylesheet>`;
const valueOf = (expression: string) =>
  stylesheet(`<xsl:template match="/"><o><xsl:value-of select="${expression.replace(/"/g, '&quot;')}"/></o></xsl:template>`);

async function compiled(text: string): Promise<SandboxStylesheet> {
  const result = await compileInSandbox('transforms/t.xsl', new Map([['transforms/t.xsl', text]]), { timeMs: 20_000, memoryMb: 96 });
  if ('failure' in result) throw new Error(`compile failed: ${result.failure}`);
  return { key: `k${Math.random()}`, sef: result.sef, files: {} };
}

/** Runs an attack; returns everything it produced (output or error) for the canary check. */
async function attempt(text: string): Promise<string> {
  try {
    return (await runner.run([await compiled(text)], ['<a/>'], {})).join('\n');
  } catch (error) {
    return String((error as Error).message);
  }
}

describe('the transform sandbox, with the policy bypassed', () => {
  const attacks: [string, string][] = [
    ['js:eval writing a file', valueOf(`js:eval('require("fs").writeFileSync("${marker}", "x")')`)],
    ['js:Function', valueOf(`js:Function('return process.env')()`)],
    ['the environment through ixsl', valueOf(`ixsl:get(ixsl:get(ixsl:window(), 'process'), 'env')?GEOFLUX_SANDBOX_CANARY`)],
    ['fetch through ixsl', valueOf(`ixsl:call(ixsl:window(), 'fetch', ['http://127.0.0.1:${'PORT'}/'])`)],
    [
      'a builtin module through ixsl',
      valueOf(`ixsl:call(ixsl:call(ixsl:get(ixsl:window(), 'process'), 'getBuiltinModule', ['net']), 'connect', [${'PORT'}, '127.0.0.1'])`),
    ],
    ['process.kill through ixsl', valueOf(`ixsl:call(ixsl:get(ixsl:window(), 'process'), 'kill', [${process.pid}, 'SIGTERM'])`)],
    ['unparsed-text of a file outside', valueOf(`unparsed-text('file://${secretFile}')`)],
    ['doc over HTTP', valueOf(`doc('http://127.0.0.1:${'PORT'}/x.xml')`)],
    ['available-environment-variables', valueOf(`string-join(available-environment-variables() ! environment-variable(.), ',')`)],
    ['xsl:result-document', stylesheet(`<xsl:template match="/"><xsl:result-document href="file://${marker}"><w/></xsl:result-document><o/></xsl:template>`)],
  ];

  it.each(attacks)('contains %s', async (_what, template) => {
    const output = await attempt(template.replaceAll('PORT', String(port)));
    expect(output).not.toContain(CANARY);
    expect(existsSync(marker)).toBe(false);
    expect(connections).toBe(0);
  });

  it('contains host calls at compile time (static parameters, use-when)', async () => {
    for (const text of [
      stylesheet(
        `<xsl:param name="p" static="yes" select="js:eval('require(&quot;fs&quot;).writeFileSync(&quot;${marker}&quot;, &quot;x&quot;)')"/><xsl:template match="/"><o/></xsl:template>`,
      ),
      stylesheet(
        `<xsl:template match="/" use-when="unparsed-text('file://${secretFile}') = '${CANARY}'"><o>read</o></xsl:template><xsl:template match="/" priority="-1"><o/></xsl:template>`,
      ),
    ]) {
      const result = await compileInSandbox('transforms/t.xsl', new Map([['transforms/t.xsl', text]]), { timeMs: 20_000, memoryMb: 96 });
      const produced = 'failure' in result ? result.failure : JSON.stringify(result.sef);
      expect(produced).not.toContain(CANARY);
      expect(produced).not.toContain('"read"');
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('stops an endless loop at the time limit, and works again afterwards', async () => {
    const endless = stylesheet(`<xsl:template match="/"><o><xsl:iterate select="1 to 999999999999"><xsl:next-iteration/></xsl:iterate></o></xsl:template>`);
    const error = await runner.run([await compiled(endless)], ['<a/>', '<b/>'], {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SandboxRunError);
    expect(error).toMatchObject({ reason: 'time', index: 0 });
    expect(await runner.run([await compiled(valueOf("'fine'"))], ['<a/>'], {})).toEqual([expect.stringMatching(/>fine<\/o>$/)]);
  });

  it('stops a memory bomb at the memory limit', async () => {
    // its own runner with time to spare: on a loaded machine the time limit must not come first
    const patient = new StylesheetRunner({ timeMs: 120_000, memoryMb: 96 });
    try {
      const bomb = valueOf("string-length(string-join(for $i in 1 to 100000000 return 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', ''))");
      const error = await patient.run([await compiled(bomb)], ['<a/>'], {}).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ reason: 'memory', message: 'exceeded the memory limit of 96 MB' });
    } finally {
      patient.close();
    }
  });

  it('stops an endless static expression at compile time', async () => {
    const endless = stylesheet(`<xsl:param name="p" static="yes" select="count(1 to 999999999999)"/><xsl:template match="/"><o/></xsl:template>`);
    await expect(compileInSandbox('transforms/t.xsl', new Map([['transforms/t.xsl', endless]]), { timeMs: 3_000, memoryMb: 96 })).rejects.toMatchObject({
      code: 'XsltLimitExceeded',
      message: expect.stringMatching(/exceeded the time limit of 3 s/),
    });
  });
});
