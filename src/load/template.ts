import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../errors.ts';
import { FROM_SOURCE } from '../package-root.ts';
import type { Template } from '../layout/template-types.ts';
import { verticalTemplate } from '../../templates/vertical.tsx';

const PARTS = Object.keys(verticalTemplate) as Array<keyof Template>;

let typeScriptHooks: Promise<void> | undefined;

// The compiled tool has no TypeScript loader of its own: a .tsx template brings tsx in, once.
function compileTypeScriptOnImport(): Promise<void> {
  typeScriptHooks ??= import('tsx/esm/api').then(({ register }) => { register(); });
  return typeScriptHooks;
}

/**
 * A user's template module (.tsx or .js): its default export (or export `template`) names any of
 * the parts of the built-in template; the parts it leaves out stay as built in. The module is
 * TypeScript compiled on the fly; start a .tsx file with `/** @jsxImportSource satori/jsx *\/`.
 */
export async function loadTemplate(file: string): Promise<Template> {
  let module: Record<string, unknown>;
  try {
    if (!FROM_SOURCE && /\.[cm]?tsx?$/.test(file)) await compileTypeScriptOnImport();
    module = await import(pathToFileURL(resolve(file)).href) as Record<string, unknown>;
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new InputError(file, [{ message: `The template cannot be loaded: ${reason}` }]);
  }
  const parts = (module.default ?? module.template) as Record<string, unknown> | undefined;
  if (typeof parts !== 'object' || parts === null) {
    throw new InputError(file, [{ message: `The template exports no parts. Expected: export default { ${PARTS.join(', ')} } (any of them).` }]);
  }
  const problems = Object.entries(parts).flatMap(([name, part]) => {
    if (!PARTS.includes(name as keyof Template)) return [{ place: name, message: `Invalid value for the template part ${name}. Allowed: ${PARTS.join(', ')}. Received: ${name}.` }];
    return typeof part === 'function' ? [] : [{ place: name, message: `Invalid type for the template part ${name}. Expected: a component function. Received: ${typeof part}.` }];
  });
  if (problems.length > 0) throw new InputError(file, problems);
  return { ...verticalTemplate, ...(parts as Partial<Template>) };
}
