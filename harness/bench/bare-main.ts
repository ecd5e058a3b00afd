/**
 * The bench's physical reference: bare node:http around the same release's processing and engine
 * (its vectorizer and TF.js predict), no framework, database, monitor or second process. A
 * system's figures are read as a share of this one's. argv: task name, release directory.
 */
import http from "node:http";
import { infer, loadRelease, vectorize } from "../../systems/kit/release/predictor.ts";
import { getTask } from "../../systems/tasks/index.ts";

const [taskName, releaseDir] = process.argv.slice(2);
const task = getTask(taskName);
const release = await loadRelease(releaseDir);

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    try {
      const input = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
      const [prediction] = infer(task, release, vectorize(release, [input]));
      const body = JSON.stringify({ prediction });
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    } catch (err) {
      res.writeHead(400, { "content-type": "text/plain" });
      res.end(String(err));
    }
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
});
// Dies with the bench: the IPC channel closes when the parent goes.
process.on("disconnect", () => process.exit(0));
