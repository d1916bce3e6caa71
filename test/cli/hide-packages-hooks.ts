// Module resolution hooks (see hide-packages.ts): a hidden package, or any file of it, is
// not found, with the error Node gives for a package that is not installed.
import type { InitializeHook, ResolveHook } from 'node:module';

let hidden: string[] = [];

export const initialize: InitializeHook<{ hidden: string[] }> = (data) => {
  hidden = data.hidden;
};

export const resolve: ResolveHook = (specifier, context, nextResolve) => {
  if (hidden.some((name) => specifier === name || specifier.startsWith(`${name}/`))) {
    const error = new Error(`Cannot find package '${specifier}' imported from ${context.parentURL ?? 'the command line'}`) as Error & { code: string };
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return nextResolve(specifier, context);
};
