// Test helper run as a child process: registers releases into a shared registry file.
import { Registry } from "./registry.ts";

const [file, writer, count] = process.argv.slice(2);
const registry = Registry.open(file);
for (let i = 0; i < Number(count); i++) {
  const lineage = { codeVersion: writer, dataDigest: "d", params: {}, metrics: { i } };
  registry.register("bundle", { digest: `${writer}-${i}`, path: `/r/${writer}-${i}`, lineage });
}
registry.close();
