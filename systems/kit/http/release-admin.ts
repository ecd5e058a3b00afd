import fs from "node:fs";
import path from "node:path";
import type { Router } from "express";
import {
  type AliasMoveReply,
  aliasMoveRequestSchema,
  type HeadsReply,
  type Release,
  type ReleasesReply,
} from "../protocol/index.ts";
import type { Registry } from "../registry/index.ts";
import { files, readHead } from "../release/artifact.ts";
import { bodyOf } from "./body.ts";

export interface ReleaseAdminOptions {
  /** The unit whose releases these routes show and move. */
  unit: string;
  registry: Registry;
  /**
   * For a unit that serves by alias: load the release and start serving it, in place; the move is
   * logged once it serves. Absent for a unit that must be restarted to change release.
   */
  swap?(release: Release): Promise<void>;
}

/**
 * The admin routes every unit has for its own releases: `GET /releases` (releases, aliases, the
 * alias-move log) and `POST /aliases/:alias` (move an alias). A unit serving by alias swaps
 * production in place ("effective: now"); any other move is logged and takes effect when the
 * orchestrator restarts the unit on it ("on-restart"). Nothing outside the system opens its registry.
 */
export function mountReleaseAdmin(admin: Router, o: ReleaseAdminOptions): void {
  admin.get("/releases", (_req, res) => {
    const reply: ReleasesReply = {
      unit: o.unit,
      releases: o.registry.list(o.unit),
      aliases: o.registry.aliases(o.unit),
      moves: o.registry.moves(o.unit),
    };
    res.json(reply);
  });
  // What each model release's output head learned (judging an answer right needs it); null for
  // a release that is not a model (a logic release).
  admin.get("/heads", (_req, res) => {
    const reply: HeadsReply = {
      heads: o.registry.list(o.unit).map((r) => ({
        number: r.number,
        head: fs.existsSync(path.join(r.path, files.head)) ? readHead(r.path) : null,
      })),
    };
    res.json(reply);
  });
  admin.post("/aliases/:alias", async (req, res) => {
    const body = bodyOf(aliasMoveRequestSchema, req.body);
    const alias = String(req.params.alias);
    const started = performance.now();
    const target = o.registry.get(o.unit, body.release);
    const inPlace = alias === "production" && o.swap !== undefined;
    if (inPlace) await o.swap?.(target);
    const move = o.registry.moveAlias(o.unit, alias, target.number, { who: body.who, reason: body.reason });
    const reply: AliasMoveReply = {
      move,
      tookMs: performance.now() - started,
      effective: inPlace ? "now" : "on-restart",
    };
    res.json(reply);
  });
}
