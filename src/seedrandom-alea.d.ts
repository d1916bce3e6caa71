// Types for seedrandom's Alea generator imported on its own, as random.ts does: the module
// exports the same function as seedrandom.alea.
declare module 'seedrandom/lib/alea.js' {
  import seedrandom = require('seedrandom');
  const alea: typeof seedrandom.alea;
  export = alea;
}
