// Loaded with `node --import` by the CLI's tests: makes the PNG renderer's packages
// unresolvable, as in a project where `npm install wasmlp` left them out, without touching
// node_modules (which other tests share). The resolve hook runs in Node's loader thread.
import { register } from 'node:module';
import { PNG_PACKAGES } from '../../src/cli/png-loader.js';

register('./hide-packages-hooks.js', import.meta.url, { data: { hidden: [...PNG_PACKAGES] } });
