import type { TaskDefinition } from "../kit/task.ts";
import { chatbot } from "./chatbot/task.ts";
import { classification } from "./classification/task.ts";
import { clustering } from "./clustering/task.ts";
import { regression } from "./regression/task.ts";

/** Every task, by name. Adding a task adds one line here and touches no other task. */
export const tasks: Readonly<Record<string, TaskDefinition>> = {
  chatbot: chatbot as unknown as TaskDefinition,
  classification: classification as unknown as TaskDefinition,
  clustering: clustering as unknown as TaskDefinition,
  regression: regression as unknown as TaskDefinition,
};

export function getTask(name: string): TaskDefinition {
  const t = tasks[name];
  if (!t) throw new Error(`unknown task '${name}'; known: ${Object.keys(tasks).join(", ")}`);
  return t;
}
