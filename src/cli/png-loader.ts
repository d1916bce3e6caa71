// The CLI: loads the PNG renderer. Its native canvas (@napi-rs/canvas, some 35 MB of
// platform binary) and its DOM shim (linkedom) are optional peer dependencies, which
// `npm install wasmlp` leaves out, so a library user carries neither. Without them the
// command writes everything else and says in one line how to add them.
import type { ChartSpec } from '../plot/chart-spec.js';

/** The packages the renderer needs beyond wasmlp's own dependencies. */
export const PNG_PACKAGES = ['@napi-rs/canvas', 'linkedom'] as const;

/** What of each package the renderer imports (png.ts), which is what is tried here. */
const ENTRY_POINTS: Record<(typeof PNG_PACKAGES)[number], string> = { '@napi-rs/canvas': '@napi-rs/canvas', linkedom: 'linkedom/worker' };

/** How modules are imported: `import()` itself, or a stand-in that tests use to hide packages. */
export type ImportModule = (specifier: string) => Promise<unknown>;

/** Draws a chart; on the renderer's own thread (png-thread.ts) the bytes come back asynchronously. */
export type PngRenderer = (spec: ChartSpec) => Uint8Array | Promise<Uint8Array>;

/** The renderer; or why there is none: the packages that are not installed, or the one that failed to load. */
export type PngLoad = { render: PngRenderer } | { missing: string[] } | { failed: string; reason: string };

/** Where the renderer comes from: a thread that has been loading it (png-thread.ts). */
export interface PngSource { load(): Promise<PngLoad> }

const importModule: ImportModule = (specifier) => import(specifier);

/** Loads the renderer when its packages are installed and load. */
export async function loadPngRenderer(load: ImportModule = importModule): Promise<PngLoad> {
  const missing: string[] = [];
  for (const name of PNG_PACKAGES) {
    try {
      await load(ENTRY_POINTS[name]);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') missing.push(name);
      // installed but broken, such as a canvas without a binary for this platform
      else return { failed: name, reason: (error instanceof Error ? error.message : String(error)).split('\n')[0] };
    }
  }
  if (missing.length > 0) return { missing };
  // Errors from here on are wasmlp's own, and are not hidden. The renderer's one-off setup
  // is done now, with the loading, which png-thread.ts does while the runs train.
  const { renderChartPng, prepareChartRenderer } = await load('./png.js') as typeof import('./png.js');
  prepareChartRenderer();
  return { render: renderChartPng };
}

/** The one line that says why the PNG was not drawn and, when packages are missing, how to add them. */
export function pngSkippedMessage(load: Exclude<PngLoad, { render: PngRenderer }>, file: string): string {
  if ('missing' in load) {
    const names = load.missing.join(' ');
    return `${file} not written: drawing it needs ${load.missing.join(' and ')}, optional packages that installing wasmlp leaves out; add them with 'npm install ${names}' (report.html has the same charts)`;
  }
  return `${file} not written: ${load.failed} failed to load (${load.reason}); report.html has the same charts`;
}
