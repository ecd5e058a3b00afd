import { z } from "zod";
import { atVersion, contractVersions, DEFAULT_CONTRACT } from "../contract-versions.ts";
import { contractSchema } from "../features/contract.ts";
import { REQUEST_HEADERS } from "../protocol/index.ts";
import type { TaskDefinition } from "../task.ts";

/** OpenAPI 3.1 of a task's public API, generated from the same zod schemas that validate requests. */
export function openApiDocument(task: TaskDefinition): Record<string, unknown> {
  // One body schema per contract version the task declares, told apart by the x-contract-version header.
  const versions = contractVersions(task);
  const bodies = versions.map((v) => z.toJSONSchema(contractSchema(atVersion(task, v).contract)));
  const request = bodies.length === 1 ? bodies[0] : { oneOf: bodies };
  const response = z.toJSONSchema(task.outputSchema, { io: "output", unrepresentable: "any" });
  const error = {
    type: "object",
    properties: {
      error: {
        type: "object",
        properties: {
          code: { type: "string" },
          message: { type: "string" },
          field: { type: "string" },
          rule: { type: "string" },
          violations: { type: "array", items: { type: "object" } },
        },
        required: ["code", "message"],
      },
    },
  };
  const json = (schema: unknown) => ({ content: { "application/json": { schema } } });
  return {
    openapi: "3.1.0",
    info: { title: `archdrill ${task.name}: ${task.title}`, version: "1" },
    paths: {
      [task.route]: {
        post: {
          summary: task.title,
          parameters: [
            {
              name: REQUEST_HEADERS.contract,
              in: "header",
              required: false,
              description: `the contract version the body is in (default ${DEFAULT_CONTRACT}); a version this release does not speak gets a 422 with rule 'version'`,
              schema: { type: "string", enum: versions, default: DEFAULT_CONTRACT },
            },
          ],
          requestBody: { required: true, ...json(request) },
          responses: {
            "200": { description: "the decision", ...json(response) },
            "422": { description: "the body breaks the contract; names field and rule", ...json(error) },
          },
        },
      },
      "/api/feedback": {
        post: {
          summary: "the true outcome of an earlier decision",
          requestBody: json({
            type: "object",
            properties: {
              id: { type: "integer" },
              // A reported class or group, or a regression's true value.
              label:
                task.head.kind === "value"
                  ? { oneOf: [{ type: "number" }, { type: "string", pattern: "^-?[0-9.]+$" }] }
                  : { type: "string", enum: [...task.classes] },
            },
            required: ["id", "label"],
          }),
          responses: { "201": { description: "stored" }, "404": json(error), "422": json(error) },
        },
      },
      "/api/reference": {
        get: { summary: "business reference data", responses: { "200": { description: "ok" } } },
      },
    },
  };
}
