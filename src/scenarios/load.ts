// Loads a scenario module from a path or file URL, optionally `#exportName` (default export
// otherwise). .js/.mjs are imported as they are. TypeScript is bundled once with esbuild into a
// cache (node_modules/.cache/ipcsim), so that plain Node processes (the native backend's workers, spawned
// without any loader) import the very same compiled file as the process that started the run.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isScenario } from './define.js';
import type { Scenario } from '../api/types.js';

export interface ScenarioModule {
  /** file: URL to import (the compiled cache file for TypeScript). */
  url: string;
  exportName: string;
  /** The source file. */
  file: string;
}

const TS_EXTENSIONS = new Set(['.ts', '.mts', '.tsx', '.cts']);
const pending = new Map<string, Promise<ScenarioModule>>();

export async function loadScenario(ref: string): Promise<Scenario> {
  const mod = await resolveScenarioModule(ref);
  return importScenario(mod);
}

/** Imports a resolved module and checks its export (also used by the native workers). */
export async function importScenario(mod: ScenarioModule): Promise<Scenario> {
  let ns: Record<string, unknown>;
  try {
    ns = await import(mod.url);
  } catch (err) {
    throw new Error(`cannot load scenario module ${mod.file}: ${(err as Error)?.message ?? err}`);
  }
  if (!(mod.exportName in ns) || ns[mod.exportName] === undefined) {
    throw new Error(`scenario module ${mod.file} has no export '${mod.exportName}'`);
  }
  const value = ns[mod.exportName];
  if (!isScenario(value)) {
    throw new Error(`export '${mod.exportName}' of ${mod.file} is not a scenario (make it with defineScenario)`);
  }
  return value;
}

/** The importable URL and export name of a scenario reference; compiles TypeScript if needed. */
export function resolveScenarioModule(ref: string): Promise<ScenarioModule> {
  if (typeof ref !== 'string' || ref === '') throw new TypeError('scenario reference must be a non-empty string');
  const { file, exportName } = splitRef(ref);
  const key = `${file}#${exportName}`;
  let p = pending.get(key);
  if (!p) {
    p = resolveFile(file, exportName);
    pending.set(key, p);
    p.catch(() => pending.delete(key));
  }
  return p;
}

function splitRef(ref: string): { file: string; exportName: string } {
  const hash = ref.lastIndexOf('#');
  const exportName = hash >= 0 ? ref.slice(hash + 1) || 'default' : 'default';
  const target = hash >= 0 ? ref.slice(0, hash) : ref;
  const file = target.startsWith('file:') ? fileURLToPath(target) : path.resolve(target);
  return { file, exportName };
}

async function resolveFile(file: string, exportName: string): Promise<ScenarioModule> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new Error(`scenario module not found: ${file}`);
  }
  if (!stat.isFile()) throw new Error(`scenario module is not a file: ${file}`);
  if (!TS_EXTENSIONS.has(path.extname(file))) return { url: pathToFileURL(file).href, exportName, file };
  return { url: pathToFileURL(await compile(file, stat)).href, exportName, file };
}

/** The directory of this package (where package.json names it 'ipcsim'), from src/ or dist/. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'ipcsim') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the ipcsim package root');
    dir = up;
  }
}

/** The built file for the bare import `ipcsim` or `ipcsim/sub`, by package.json "exports". */
function packageEntry(root: string, spec: string): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const sub = spec === 'ipcsim' ? '.' : `./${spec.slice('ipcsim/'.length)}`;
  const entry = pkg.exports?.[sub];
  const target = typeof entry === 'string' ? entry : entry?.default;
  if (typeof target !== 'string') throw new Error(`ipcsim has no export '${spec}'`);
  const file = path.join(root, target);
  if (!fs.existsSync(file)) {
    throw new Error(`${file} does not exist: build ipcsim first (npx tsc -p tsconfig.build.json)`);
  }
  return file;
}

/**
 * Where compiled scenarios go: node_modules/.cache/ipcsim in the package (as other build tools
 * keep their caches), or a directory under the system's temporary one if that is not writable.
 */
function cacheDir(root: string): string {
  for (const dir of [path.join(root, 'node_modules', '.cache', 'ipcsim'), path.join(os.tmpdir(), 'ipcsim-cache')]) {
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
      fs.accessSync(dir, fs.constants.W_OK);
      return dir;
    } catch {
      // read-only install: try the next place
    }
  }
  throw new Error('no writable directory for compiled scenarios');
}

interface CacheInfo { inputs: { file: string; mtimeMs: number; size: number }[] }

// The cache is keyed by the entry's absolute path, mtime and size (and the package it binds to);
// a sidecar JSON lists every bundled input with its mtime and size, so an edited helper module
// also invalidates the entry. Files are written under a temporary name and renamed, so
// concurrent runs never import a half-written bundle.
async function compile(file: string, stat: fs.Stats): Promise<string> {
  const root = packageRoot();
  const dir = cacheDir(root);
  const hash = createHash('sha256').update(`${file}\0${stat.mtimeMs}\0${stat.size}\0${root}`).digest('hex');
  const out = path.join(dir, `${hash.slice(0, 32)}.mjs`);
  const infoFile = out.replace(/\.mjs$/, '.json');
  if (fs.existsSync(out) && cacheFresh(infoFile)) return out;

  const esbuild = await import('esbuild');
  const tmp = `${out}.${process.pid}.${Date.now()}.tmp`;
  const result = await esbuild.build({
    entryPoints: [file],
    outfile: tmp,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: true,
    metafile: true,
    logLevel: 'silent',
    external: ['koffi', 'esbuild'],
    // CommonJS code bundled into an ES module still calls require() for Node builtins.
    banner: { js: "import { createRequire as __ipcsimCreateRequire } from 'node:module';\n"
      + 'const require = __ipcsimCreateRequire(import.meta.url);' },
    plugins: [{
      name: 'ipcsim-self',
      setup(build) {
        // The scenario's `import ... from 'ipcsim'` must reach this package's built entry, the
        // one the workers' NativeSys comes from, whatever directory the cache is in.
        build.onResolve({ filter: /^ipcsim(\/.*)?$/ }, (args) => ({
          path: pathToFileURL(packageEntry(root, args.path)).href, external: true,
        }));
      },
    }],
  }).catch((err: Error) => {
    throw new Error(`cannot compile scenario module ${file}: ${err.message}`);
  });
  const inputs = Object.keys(result.metafile.inputs).flatMap((rel) => {
    const s = fs.statSync(path.resolve(rel), { throwIfNoEntry: false });   // none: a virtual module
    return s ? [{ file: path.resolve(rel), mtimeMs: s.mtimeMs, size: s.size }] : [];
  });
  fs.writeFileSync(`${infoFile}.${process.pid}.tmp`, JSON.stringify({ inputs } satisfies CacheInfo));
  fs.renameSync(`${infoFile}.${process.pid}.tmp`, infoFile);
  fs.renameSync(tmp, out);
  return out;
}

function cacheFresh(infoFile: string): boolean {
  try {
    const info = JSON.parse(fs.readFileSync(infoFile, 'utf8')) as CacheInfo;
    return info.inputs.every((i) => {
      const s = fs.statSync(i.file);
      return s.mtimeMs === i.mtimeMs && s.size === i.size;
    });
  } catch {
    return false;
  }
}
