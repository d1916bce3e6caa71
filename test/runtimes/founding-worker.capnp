# workerd serving the founding run (test/runtimes/founding-worker.ts, compiled) with the bundle
# and the plain-SIMD kernels as modules, named as a project that installs wasmlp imports them.
# Paths are relative to this file, from test/runtimes/ to the built dist/. The tests replace
# the socket's address with --socket-addr http=127.0.0.1:PORT.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "founding", worker = .foundingWorker)],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "founding")],
);

const foundingWorker :Workerd.Worker = (
  modules = [
    (name = "founding-worker.js", esModule = embed "../../dist/test/runtimes/founding-worker.js"),
    (name = "founding-run.js", esModule = embed "../../dist/test/runtimes/founding-run.js"),
    (name = "wasmlp/bundle", esModule = embed "../../dist/bundle/wasmlp.js"),
    (name = "wasmlp/wasm/simd.wasm", wasm = embed "../../dist/wasm/simd.wasm"),
  ],
  compatibilityDate = "2025-09-01",
);
