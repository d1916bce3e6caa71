// How large an input file may be, shared by the Node layer that reads files and the
// settings that declare --max-input-mb (which may not import the Node layer).

/**
 * An input's size limit in MiB, after gzip is inflated: 256 by default, at most 500, as
 * the text of a larger file is more than a JavaScript string holds (V8: 2^29 - 24 characters).
 */
export const INPUT_LIMITS = { defaultMiB: 256, maxMiB: 500 } as const;
