import { spawn } from "node:child_process";

const tsxLoader = import.meta.resolve("tsx");
const entry = new URL("./bare-main.ts", import.meta.url).pathname;

export interface BareServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts the bare reference server for a task's release in its own process, as a unit runs. */
export async function startBare(task: string, releaseDir: string, timeoutMs = 60_000): Promise<BareServer> {
  const child = spawn(process.execPath, ["--import", tsxLoader, entry, task, releaseDir], {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the bare server did not start in time")), timeoutMs);
    child.once("message", (m) => {
      clearTimeout(timer);
      resolve((m as { port: number }).port);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the bare server exited (${code}) before listening`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
