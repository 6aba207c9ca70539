import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { dataflow } from '../fixtures/generate/cli.js';
import { WORKFLOW_TEXT } from '../../generator/init/files.js';
import { fileTree } from '../fixtures/generate/file-tree.js';
import { projectRoot, tempProject } from '../fixtures/generate/project.js';

describe('dataflow init', () => {
  it("writes the workflow the README's CI recipe shows (the pack-install test runs its commands)", () => {
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    const recipe = /### CI recipe[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(recipe).toBeDefined();
    expect(WORKFLOW_TEXT).toContain(recipe);
    // One workflow for every project: it names no config file, which is .mjs in a CommonJS package.
    expect(WORKFLOW_TEXT).not.toMatch(/dataflow\.config\.(ts|mjs|json)/);
  });

  it('sets up a new project: config, specs/, npm scripts, tsconfig, .gitignore and a CI workflow; a second run changes nothing', () => {
    const dir = tempProject('init-new');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'crm-sync', version: '1.0.0', scripts: { test: 'echo "Error: no test specified" && exit 1' } }, null, 4));
    const first = dataflow(dir, 'init');
    expect(first.status).toBe(0);
    expect([...fileTree(dir).keys()].sort()).toEqual(['.github/workflows/dataflow.yml', '.gitignore', 'dataflow.config.ts', 'package.json', 'specs/README.md', 'tsconfig.json']);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'crm-sync', type: 'module', scripts: { generate: 'dataflow generate', check: 'dataflow check', test: 'vitest run' } });
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toMatch(/^\{\n {4}"name"/);
    expect(first.stderr).toContain('init: updated package.json: scripts generate, check, test added; "type" set to "module"');
    expect(readFileSync(join(dir, '.github', 'workflows', 'dataflow.yml'), 'utf8')).toContain('run: npx dataflow check --format github');

    // The config it wrote loads (it imports defineConfig from dataflow, installed here as a link) and names the folders it made.
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(projectRoot, join(dir, 'node_modules', 'dataflow'), 'dir');
    cpSync(join(projectRoot, 'specs', 'hubspot-tripletex.rst'), join(dir, 'specs', 'hubspot-tripletex.rst'));
    expect(dataflow(dir, 'generate').status).toBe(0);
    expect(dataflow(dir, 'check').status).toBe(0);

    rmSync(join(dir, 'node_modules'), { recursive: true });
    const before = fileTree(dir);
    const second = dataflow(dir, 'init');
    expect(second.status).toBe(0);
    expect(fileTree(dir)).toEqual(before);
    expect(second.stderr.split('\n').filter((l) => l.startsWith('init: ') && !l.startsWith('init: next')).every((l) => l.startsWith('init: kept'))).toBe(true);
  });

  it("keeps the user's files and scripts, and says so", () => {
    const dir = tempProject('init-existing');
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'x', type: 'module', scripts: { test: 'jest', check: 'eslint .' } }, null, 2)}\n`);
    writeFileSync(join(dir, 'tsconfig.json'), '{ "compilerOptions": { "strict": true } }\n');
    writeFileSync(join(dir, 'dataflow.config.json'), '{ "specs": "docs" }\n');
    const result = dataflow(dir, 'init', '--no-ci');
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('init: kept    dataflow.config.json: exists; left as it is');
    expect(result.stderr).toContain('init: kept    tsconfig.json: exists; left as it is');
    expect(result.stderr).toContain('init: updated package.json: scripts generate added; in use and kept: check ("eslint ."), test ("jest")');
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts).toEqual({ test: 'jest', check: 'eslint .', generate: 'dataflow generate' });
    expect(readFileSync(join(dir, 'tsconfig.json'), 'utf8')).toBe('{ "compilerOptions": { "strict": true } }\n');
    expect([...fileTree(dir).keys()]).not.toContain('.github/workflows/dataflow.yml');

    writeFileSync(join(dir, 'package.json'), '{ "name": ');
    const broken = dataflow(dir, 'init');
    expect(broken.stderr).toMatch(/^dataflow: package\.json: not valid JSON/);
    expect(broken.status).toBe(2);
  });

  it('an existing CommonJS project with .js files: "type" left alone, the config as .mjs, a tsconfig that type-checks the generated code anyway', () => {
    const dir = tempProject('init-commonjs');
    const pkgText = `${JSON.stringify({ name: 'legacy', version: '1.0.0', main: 'index.js' }, null, 2)}\n`;
    writeFileSync(join(dir, 'package.json'), pkgText);
    mkdirSync(join(dir, 'lib'));
    writeFileSync(join(dir, 'index.js'), "module.exports = require('./lib/util.js');\n");
    writeFileSync(join(dir, 'lib', 'util.js'), 'module.exports = { answer: 42 };\n');
    const result = dataflow(dir, 'init', '--no-ci');
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('init: updated package.json: scripts generate, check, test added; "type" left unset (commonjs): "module" would turn index.js, lib/util.js into ES modules');
    expect(result.stderr).toContain('init: created dataflow.config.mjs: ');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.type).toBeUndefined();
    expect(pkg.main).toBe('index.js');
    expect(existsSync(join(dir, 'dataflow.config.ts'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')).compilerOptions).toMatchObject({ module: 'ESNext', moduleResolution: 'Bundler', strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true });

    // The user's CommonJS still runs, and dataflow works here: the .mjs config loads, generated code type-checks strictly.
    expect(spawnSync(process.execPath, ['-e', "console.log(require('./index.js').answer)"], { cwd: dir, encoding: 'utf8' }).stdout).toBe('42\n');
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(projectRoot, join(dir, 'node_modules', 'dataflow'), 'dir');
    cpSync(join(projectRoot, 'specs', 'hubspot-tripletex.rst'), join(dir, 'specs', 'hubspot-tripletex.rst'));
    expect(dataflow(dir, 'generate').status).toBe(0);
    expect(existsSync(join(dir, 'generated', 'hubspot-tripletex', 'index.ts'))).toBe(true);
    expect(dataflow(dir, 'check').status).toBe(0);
    const tsc = spawnSync(process.execPath, [join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);

    // --esm is the user's explicit choice.
    rmSync(join(dir, 'node_modules'), { recursive: true });
    const esm = dataflow(dir, 'init', '--no-ci', '--esm');
    expect(esm.stderr).toContain('"type" set to "module" (was unset, i.e. commonjs; --esm)');
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type).toBe('module');
  });

  it('a CommonJS project with .js files and no tsconfig: after init, generate and check type-check a written predicate, also once the tsconfig is gone', () => {
    const dir = tempProject('init-commonjs-predicate');
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'legacy', version: '1.0.0', main: 'index.js' }, null, 2)}\n`);
    writeFileSync(join(dir, 'index.js'), 'module.exports = { answer: 42 };\n');
    expect(dataflow(dir, 'init', '--no-ci').status).toBe(0);
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(projectRoot, join(dir, 'node_modules', 'dataflow'), 'dir');
    cpSync(join(projectRoot, 'specs', 'hubspot-tripletex.rst'), join(dir, 'specs', 'hubspot-tripletex.rst'));
    expect(dataflow(dir, 'generate').status).toBe(0);
    const file = join(dir, 'predicates', 'hubspot-tripletex.ts');
    const stubs = readFileSync(file, 'utf8');
    const stub = /HubspotDeal> = notWritten;/;
    expect(stubs).toMatch(stub);
    // A predicate as a user writes it: a field the deal has, and a file beside it found through import.meta (ES module code, as init's tsconfig compiles it).
    const written = `${stubs.replace(stub, "HubspotDeal> = (deal) => deal.properties?.closedate !== undefined && allowList.length >= 0;")}\nconst allowList: string[] = [new URL('./allow.txt', import.meta.url).pathname];\n`;
    const wrong = written.replace('deal.properties?.closedate', 'deal.properties?.dealstage');
    const tsc = () => spawnSync(process.execPath, [join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
    for (const tsconfig of ['from init', 'none']) {
      if (tsconfig === 'none') rmSync(join(dir, 'tsconfig.json'));
      writeFileSync(file, written);
      const generated = dataflow(dir, 'generate');
      expect({ tsconfig, status: generated.status, stderr: generated.stderr }).toEqual({ tsconfig, status: 0, stderr: expect.not.stringContaining('predicate-type') });
      const checked = dataflow(dir, 'check');
      expect({ tsconfig, status: checked.status, stderr: checked.stderr }).toEqual({ tsconfig, status: 0, stderr: 'check: generated is up to date with 1 spec\n' });
      if (tsconfig === 'from init') expect(tsc().status).toBe(0);
      // The check is real: a field the deal does not have is the user's error, at its line and column.
      writeFileSync(file, wrong);
      const failed = dataflow(dir, 'check');
      expect({ tsconfig, status: failed.status }).toEqual({ tsconfig, status: 1 });
      expect(failed.stderr).toMatch(/^predicates\/hubspot-tripletex\.ts:\d+:\d+: error: shouldCreateHubspotDealToTripletexOrder: Property 'dealstage' does not exist on type .+ \[predicate-type\]$/m);
    }
  }, 600_000);

  it('an explicit "type": "commonjs" is left as it is, and said', () => {
    const dir = tempProject('init-type-commonjs');
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'x', type: 'commonjs', scripts: { generate: 'dataflow generate', check: 'dataflow check', test: 'vitest run' } }, null, 2)}\n`);
    const result = dataflow(dir, 'init', '--no-ci');
    expect(result.stderr).toContain('init: kept    package.json: scripts generate, check, test present; "type" "commonjs" left as it is');
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type).toBe('commonjs');
  });

  it('appends only the missing lines to an existing .gitignore, in its own order, once', () => {
    const dir = tempProject('init-gitignore');
    writeFileSync(join(dir, 'package.json'), '{ "name": "x", "type": "module" }\n');
    writeFileSync(join(dir, '.gitignore'), 'dist\n/node_modules\n*.log');
    const first = dataflow(dir, 'init', '--no-ci');
    expect(first.stderr).toContain('init: updated .gitignore: appended .dataflow/, docs-site/');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('dist\n/node_modules\n*.log\n\n# added by dataflow init\n.dataflow/\ndocs-site/\n');
    const second = dataflow(dir, 'init', '--no-ci');
    expect(second.stderr).toContain('init: kept    .gitignore: already ignores node_modules/, .dataflow/, docs-site/');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('dist\n/node_modules\n*.log\n\n# added by dataflow init\n.dataflow/\ndocs-site/\n');
    // CRLF files get CRLF lines.
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\r\n');
    dataflow(dir, 'init', '--no-ci');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\r\n\r\n# added by dataflow init\r\n.dataflow/\r\ndocs-site/\r\n');
  });

  it('warns about an existing tsconfig that does not fit the generated code, changes it only with --force', () => {
    const dir = tempProject('init-tsconfig');
    writeFileSync(join(dir, 'package.json'), '{ "name": "x", "type": "module" }\n');
    const mine = '{\n  // my settings\n  "compilerOptions": { "strict": true, "module": "commonjs" },\n  "include": ["src"],\n}\n';
    writeFileSync(join(dir, 'tsconfig.json'), mine);
    writeFileSync(join(dir, 'dataflow.config.json'), '{ "out": "src/gen", "predicates": "hooks" }\n');
    const result = dataflow(dir, 'init', '--no-ci');
    expect(result.status).toBe(0);
    const warnings = result.stderr.split('\n').filter((l) => l.startsWith('init: warning tsconfig.json: '));
    expect(warnings).toEqual([
      expect.stringContaining('exactOptionalPropertyTypes, noUncheckedIndexedAccess are not on'),
      expect.stringContaining('moduleResolution is not node16, nodenext or bundler'),
      'init: warning tsconfig.json: does not include the predicates folder hooks/: tsc would not type-check it (add it to "include")',
    ]);
    expect(readFileSync(join(dir, 'tsconfig.json'), 'utf8')).toBe(mine);

    const forced = dataflow(dir, 'init', '--no-ci', '--force');
    expect(forced.stderr).toContain('init: replaced tsconfig.json: ');
    expect(forced.stderr).toContain('init: kept    dataflow.config.json: exists; left as it is');
    expect(forced.stderr).not.toContain('init: warning');
    // Written for the folders the config names.
    expect(JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8'))).toMatchObject({ compilerOptions: { module: 'NodeNext' }, include: ['src/gen', 'hooks'] });
  });
});
