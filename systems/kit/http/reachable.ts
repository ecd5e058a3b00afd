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
