# Serves the fine-tuning Worker locally with workerd (the npm package `workerd`):
#   npm run build && npx workerd serve examples/worker/config.capnp
# then POST to http://127.0.0.1:8787/. The modules are named as a project that installed
# wasmlp imports them; the paths are this repository's built files, relative to this file.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "fine-tune", worker = .fineTune)],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "fine-tune")],
);

const fineTune :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "wasmlp/bundle", esModule = embed "../../dist/bundle/wasmlp.js"),
    (name = "wasmlp/wasm/simd.wasm", wasm = embed "../../dist/wasm/simd.wasm"),
  ],
  compatibilityDate = "2025-09-01",
);
