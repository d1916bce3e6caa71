# The baseline of bench:runtimes for workerd: a Worker that answers a POST with nothing,
# so the cold start of workerd itself can be told apart from wasmlp's share.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "empty", worker = .emptyWorker)],
  sockets = [(name = "http", address = "127.0.0.1:8788", http = (), service = "empty")],
);

const emptyWorker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = "export default { async fetch(request) { await request.arrayBuffer(); return Response.json({ loss: [0] }); } };")],
  compatibilityDate = "2025-09-01",
);
