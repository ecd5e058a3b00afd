import { type Catalog, catalog } from "../kit/catalog.ts";
import type { TaskDefinition } from "../kit/task.ts";
import { chatbot } from "./chatbot/task.ts";
import { classification } from "./classification/task.ts";
import { clustering } from "./clustering/task.ts";
import { regression } from "./regression/task.ts";

/** Every task: the single list (the experiment, the CLI and the scenario schema read it). */
export const tasks: Catalog<TaskDefinition> = catalog(
  "task",
  [chatbot, classification, clustering, regression] as unknown as TaskDefinition[],
  (t) => t.name,
);

export const getTask = (name: string): TaskDefinition => tasks.get(name);
