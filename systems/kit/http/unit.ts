import type { Server } from "node:http";
import type { Express } from "express";

export interface UnitHandle {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts a unit's app: binds 127.0.0.1 unless told otherwise, and exits when its parent goes
 * away (the IPC channel closes even when the parent is killed), so a unit is never orphaned.
 */
export async function listen(
  app: Express,
  opts: { port: number; host?: string; onClose?: () => Promise<void> },
): Promise<UnitHandle> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(opts.port, opts.host ?? "127.0.0.1", (err?: Error) =>
      err ? reject(err) : resolve(s),
    );
  });
  server.keepAliveTimeout = 65_000;
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await opts.onClose?.();
    })();
    return closing;
  };
  return { server, port, close };
}

/** For a unit's main.ts: stop cleanly on SIGTERM/SIGINT or when the parent disappears. */
export function exitWith(handle: { close(): Promise<void> }): void {
  const stop = () => {
    handle.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  process.on("disconnect", stop);
  if (process.send) process.send({ listening: true });
}
