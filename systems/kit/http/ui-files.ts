import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Express } from "express";
import type { TaskDefinition } from "../task.ts";

/**
 * The task's UI page: its index at `/`, its files under `/ui`, the kit's shared styles under `/kit`.
 * Mounted by the unit that serves the page (the public unit, or a pattern's own `ui` unit); the
 * page calls the API with relative URLs, so whoever serves it must also answer or forward `/api/*`.
 */
export function mountUi(app: Express, task: TaskDefinition): void {
  app.get("/", (_req, res) => res.sendFile(path.join(task.uiDir, "index.html")));
  app.use("/ui", express.static(task.uiDir));
  app.use("/kit", express.static(path.join(path.dirname(fileURLToPath(import.meta.url)), "ui")));
}
