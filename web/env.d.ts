// Vite's asset imports (?raw, ?url) as the page uses them.
/// <reference types="vite/client" />
