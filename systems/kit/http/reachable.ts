import net from "node:net";

/** Whether something accepts TCP connections at host:port (a server's reachability, before any driver). */
export function reachable(host: string, port: number, timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (v: boolean) => {
      s.destroy();
      resolve(v);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once("error", () => done(false));
    s.once("connect", () => done(true));
  });
}

/** The URL's host and port (the scheme's default port when it names none). */
export function hostPort(url: string, defaultPort: number): { host: string; port: number } {
  const u = new URL(url.replace(/^mariadb:/, "mysql:"));
  return { host: u.hostname || "127.0.0.1", port: u.port ? Number(u.port) : defaultPort };
}

/**
 * For tests that need an outside service: true where it answers; where it does not they skip,
 * except under CI=true, where this throws so a missing service fails the run instead of passing it.
 */
export async function serviceForTests(what: string, url: string, defaultPort: number): Promise<boolean> {
  const { host, port } = hostPort(url, defaultPort);
  const ok = await reachable(host, port);
  if (!ok && process.env.CI === "true")
    throw new Error(`these tests need ${what} at ${url} and CI=true: failing rather than skipping`);
  return ok;
}
