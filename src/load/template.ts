import { readFile } from 'node:fs/promises';
import { dirname, extname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Loader, Message, Plugin } from 'esbuild';
import { InputError, type UnsupportedFeatureError } from '../errors.ts';
import { FROM_SOURCE, PACKAGE_ROOT } from '../package-root.ts';
import { TEMPLATE_PARTS, type Template } from '../layout/template-types.ts';
import type { Diagnostic } from '../model/types.ts';
import type { JSXNode } from 'satori/jsx';

const ownEntry = (name: 'index' | 'template') =>
  pathToFileURL(resolve(PACKAGE_ROOT, FROM_SOURCE ? `src/${name}.ts` : `dist/${name}.js`)).href;

// A template in any folder is compiled against this package's own JSX runtime and template module,
// whether or not that folder can resolve satori or timeline-render, and whatever its package.json says.
const OWN_MODULES: Record<string, () => string> = {
  'satori/jsx': () => import.meta.resolve('satori/jsx'),
  'satori/jsx/jsx-runtime': () => import.meta.resolve('satori/jsx/jsx-runtime'),
  'satori/jsx/jsx-dev-runtime': () => import.meta.resolve('satori/jsx/jsx-dev-runtime'),
  'timeline-render': () => ownEntry('index'),
  'timeline-render/template': () => ownEntry('template'),
};

/** TypeScript as TypeScript (.mts and .cts too); any JavaScript file may hold JSX. */
function loaderFor(path: string): Loader {
  const extension = extname(path).replace(/^\.[cm]/, '.');
  return extension === '.ts' ? 'ts' : extension === '.tsx' ? 'tsx' : 'jsx';
}

const ownModules: Plugin = {
  name: 'timeline-render-own-modules',
  setup(build) {
    build.onResolve({ filter: /^(satori\/jsx|timeline-render)(\/|$)/ }, ({ path }) => {
      const url = OWN_MODULES[path];
      return url ? { path: url(), external: true } : undefined;
    });
    // The bundle runs from memory: each file of the template keeps its own import.meta.url, so
    // `new URL('./logo.png', import.meta.url)` still finds a file beside it.
    build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async ({ path }) => {
      if (path.includes('/node_modules/')) return undefined;
      const url = pathToFileURL(path);
      const source = (await readFile(path, 'utf8'))
        .replaceAll('import.meta.url', JSON.stringify(url.href))
        .replaceAll('import.meta.filename', JSON.stringify(path))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(path)));
      return { contents: source, loader: loaderFor(path), resolveDir: dirname(path) };
    });
  },
};

// esbuild names files relative to the template's folder.
function compileDiagnostics(file: string, messages: readonly Message[]): Diagnostic[] {
  const folder = dirname(resolve(file));
  return messages.map(({ text, location }) => {
    if (!location) return { message: `The template does not compile: ${text}` };
    const place = `${location.line}:${location.column + 1}`;
    const where = resolve(folder, location.file);
    if (where === resolve(file)) return { place, message: `The template does not compile: ${text}` };
    return { message: `The template does not compile: ${relative(process.cwd(), where)}:${place}: ${text}` };
  });
}

/** The template and the files it imports, bundled into one ES module (JSX with satori's automatic runtime). */
async function compileTemplate(file: string): Promise<string> {
  // esbuild loads only here: a render without a template of its own never needs it.
  const { build } = await import('esbuild');
  const path = resolve(file);
  try {
    const result = await build({
      entryPoints: [path],
      absWorkingDir: dirname(path),
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      jsx: 'automatic',
      jsxImportSource: 'satori/jsx',
      plugins: [ownModules],
      logLevel: 'silent',
    });
    return result.outputFiles[0]!.text;
  } catch (error) {
    const messages = (error as { errors?: Message[] }).errors;
    if (!messages) throw error;
    throw new InputError(file, compileDiagnostics(file, messages));
  }
}

/**
 * A user's template module (.tsx, .ts, .jsx or .js), in any folder: its default export (or export
 * `template`) names any of the parts of the built-in template, and the render keeps the built-in
 * ones for the rest. It is compiled here, so it needs no build step, pragma or package of its own.
 */
export async function loadTemplate(file: string): Promise<Partial<Template>> {
  const code = await compileTemplate(file);
  let module: Record<string, unknown>;
  try {
    module = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as Record<string, unknown>;
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new InputError(file, [{ message: `The template cannot be loaded: ${reason}` }]);
  }
  const parts = (module.default ?? module.template) as Record<string, unknown> | undefined;
  if (typeof parts !== 'object' || parts === null) {
    throw new InputError(file, [
      { message: `The template exports no parts. Expected: export default { ${TEMPLATE_PARTS.join(', ')} } (any of them).` },
    ]);
  }
  const problems = Object.entries(parts).flatMap(([name, part]) => {
    if (!TEMPLATE_PARTS.includes(name as keyof Template))
      return [
        { place: name, message: `Invalid value for the template part ${name}. Allowed: ${TEMPLATE_PARTS.join(', ')}. Received: ${name}.` },
      ];
    return typeof part === 'function'
      ? []
      : [{ place: name, message: `Invalid type for the template part ${name}. Expected: a component function. Received: ${typeof part}.` }];
  });
  if (problems.length > 0) throw new InputError(file, problems);
  return Object.fromEntries(Object.entries(parts as Record<string, Component>).map(([name, part]) => [name, guarded(file, name, part)]));
}

type Component = (props: never) => JSXNode;

/** A part that throws is the template's fault: exit 1 naming its file and the part, not an internal error. */
function guarded(file: string, name: string, part: Component): Component {
  return (props) => {
    try {
      return part(props);
    } catch (error) {
      throw new InputError(file, [{ place: name, message: `The template's ${name} failed: ${(error as Error).message}` }]);
    }
  };
}

/**
 * A drawing the PDF writer refused, made by a part of the user's template: the template's fault,
 * named by its file and the part. Undefined when the part is not the user's (then it is ours).
 */
export function templateFault(file: string, parts: Partial<Template>, error: UnsupportedFeatureError): InputError | undefined {
  const own = Object.keys(parts);
  const part = error.part ?? own.join(' or ');
  const named = own.filter((name) => part.includes(name));
  if (named.length === 0) return undefined;
  const place = part.includes(' or ') ? named.join(' or ') : part;
  return new InputError(file, [
    { place, message: `${error.message} Take it out of the template's style, or leave out the PDF (--format png).` },
  ]);
}
