#!/usr/bin/env node
// `pnpm check:install-size`: what `npm i @olrd/rules` (and each other published package) costs a
// user. Packs the workspace packages as `changeset publish` would, installs each package's tarball
// with its @olrd dependencies into an empty project with npm (the rest comes from the registry),
// and measures node_modules on disk and the packages that declare install scripts (npm ≥ 11 runs
// none unless approved; older npm would run them). Fails when @olrd/rules exceeds the budget or
// any install script is present. Writes bench/results.install-size.json (temp file + rename).
import { execFileSync } from 'node:child_process';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BUDGET_MB = 90;
const log = (line) => process.stderr.write(`${line}\n`);

/** Bytes under `dir` (files only; symlinks not followed). */
function diskBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += diskBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

/** Installed packages (name@version) whose manifest declares an install-time script. */
function installScripts(modules) {
  const found = [];
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const path = join(dir, entry.name);
      if (entry.name.startsWith('@')) {
        visit(path);
        continue;
      }
      try {
        const manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8'));
        const scripts = manifest.scripts ?? {};
        if (['preinstall', 'install', 'postinstall'].some((s) => scripts[s]))
          found.push(`${manifest.name}@${manifest.version}`);
      } catch {
        // not a package folder (.bin, .package-lock.json)
      }
      const nested = join(path, 'node_modules');
      try {
        if (statSync(nested).isDirectory()) visit(nested);
      } catch {
        // no nested node_modules
      }
    }
  };
  visit(modules);
  return found;
}

const packages = ['tensor', 'core', 'rules', 'data', 'train'];
const manifests = Object.fromEntries(
  packages.map((name) => [
    name,
    JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')),
  ]),
);
const work = mkdtempSync(join(tmpdir(), 'olrd-install-size-'));
try {
  log('building and packing the packages …');
  execFileSync(
    'pnpm',
    ['turbo', 'run', 'build', '--filter=./packages/*', '--output-logs=errors-only'],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const tarballs = {};
  for (const name of packages) {
    const out = execFileSync('pnpm', ['pack', '--pack-destination', work, '--json'], {
      cwd: join(root, 'packages', name),
      encoding: 'utf8',
    });
    const { filename } = JSON.parse(out);
    tarballs[`@olrd/${name}`] = isAbsolute(filename) ? filename : join(work, filename);
  }
  /** The tarballs of `name` and of its @olrd dependencies, recursively. */
  const closure = (name, seen = new Set()) => {
    if (seen.has(name)) return seen;
    seen.add(name);
    const deps = manifests[name.replace('@olrd/', '')].dependencies ?? {};
    for (const dep of Object.keys(deps)) if (dep.startsWith('@olrd/')) closure(dep, seen);
    return seen;
  };
  const results = [];
  for (const name of packages.map((p) => `@olrd/${p}`)) {
    const project = join(work, `install-${name.replace('@olrd/', '')}`);
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), '{"name":"scratch","private":true}\n');
    log(`npm i ${name} …`);
    const started = Date.now();
    const output = execFileSync(
      'npm',
      ['install', '--no-audit', '--no-fund', ...[...closure(name)].map((n) => tarballs[n])],
      {
        cwd: project,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const modules = join(project, 'node_modules');
    results.push({
      package: name,
      megabytes: Math.round((diskBytes(modules) / 1e6) * 10) / 10,
      packages: output.match(/added (\d+) packages/)?.[1]
        ? Number(output.match(/added (\d+) packages/)[1])
        : null,
      installScripts: installScripts(modules),
      seconds: Math.round((Date.now() - started) / 100) / 10,
    });
  }
  const npm = execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    npm,
    budgetMegabytes: { '@olrd/rules': BUDGET_MB },
    results,
  };
  const out = join(root, 'bench', 'results.install-size.json');
  writeFileSync(`${out}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
  renameSync(`${out}.tmp`, out);
  console.log('package         MB   packages  install scripts');
  for (const r of results)
    console.log(
      `${r.package.padEnd(14)}${String(r.megabytes).padStart(6)}${String(r.packages ?? '?').padStart(10)}  ${r.installScripts.join(', ') || 'none'}`,
    );
  const rules = results.find((r) => r.package === '@olrd/rules');
  const problems = [
    ...(rules.megabytes > BUDGET_MB
      ? [`@olrd/rules installs ${rules.megabytes} MB, over the ${BUDGET_MB} MB budget`]
      : []),
    ...results
      .filter((r) => r.installScripts.length > 0)
      .map((r) => `${r.package} brings install scripts: ${r.installScripts.join(', ')}`),
  ];
  for (const problem of problems) log(`install-size: ${problem}`);
  process.exitCode = problems.length > 0 ? 1 : 0;
} finally {
  rmSync(work, { recursive: true, force: true });
}
