// The package's version, for what wasmlp writes into files (generatedBy) and `wasmlp --version`.
// A test checks it against package.json.
export const WASMLP_VERSION = '0.1.0';
