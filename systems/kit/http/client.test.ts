import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  aliasMoveReplySchema,
  canaryMoveReplySchema,
  changeSetReplySchema,
  collectReplySchema,
  feedbackReplySchema,
  ingestReplySchema,
  ProtocolError,
  predictReplySchema,
  referenceReplySchema,
  releaseReplySchema,
  releasesReplySchema,
  replayReplySchema,
  systemReplySchema,
  unitReleasesSchema,
  webhookPayloadSchema,
} from "../protocol/index.ts";
import { callJson, ReplyError } from "./client.ts";

/** A unit that answers whatever the test says, as a broken or hostile peer would. */
let reply: { status: number; body: string } = { status: 200, body: "{}" };
let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((_req, res) => {
    res.writeHead(reply.status, { "content-type": "application/json" });
    res.end(reply.body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const ref = { unit: "bundle", number: 2 };
const prediction = { label: "sun", confidence: 0.9, value: null, limit: null, scores: { sun: 0.9 } };
const move = {
  id: 1,
  unit: "bundle",
  alias: "production",
  from: 1,
  to: 2,
  who: "t",
  at: "now",
  reason: null,
};

/** Each client's reply, well-formed, and the field a malformed copy breaks. */
const cases: { name: string; schema: z.ZodType; good: unknown; bad: unknown; field: string }[] = [
  {
    name: "a bundle's prediction",
    schema: predictReplySchema,
    good: { prediction, release: ref },
    bad: { prediction, release: "bundle#2" },
    field: "release",
  },
  {
    name: "a bundle's prediction with a label that is not text",
    schema: predictReplySchema,
    good: { prediction, release: ref },
    bad: { prediction: { ...prediction, label: 3 }, release: ref },
    field: "prediction.label",
  },
  {
    name: "a bundle's references",
    schema: referenceReplySchema,
    good: null,
    bad: { release: ref, references: { inputs: {} }, head: { kind: "classes" } },
    field: "references.vectors",
  },
  {
    name: "the collector's acknowledgement",
    schema: collectReplySchema,
    good: { accepted: 3 },
    bad: { accepted: "3" },
    field: "accepted",
  },
  {
    name: "a unit's releases",
    schema: releasesReplySchema,
    good: { unit: "bundle", releases: [], aliases: [], moves: [move] },
    bad: { unit: "bundle", releases: [], aliases: [], moves: [{ ...move, to: "2" }] },
    field: "moves.0.to",
  },
  {
    name: "an alias move",
    schema: aliasMoveReplySchema,
    good: { move, tookMs: 3, effective: "now" },
    bad: { move, tookMs: 3, effective: "later" },
    field: "effective",
  },
  {
    name: "a replay",
    schema: replayReplySchema,
    good: { release: ref, predictions: [prediction] },
    bad: { release: ref, predictions: [{ label: "sun" }] },
    field: "predictions.0.confidence",
  },
  {
    name: "feedback per release",
    schema: feedbackReplySchema,
    good: { releases: [{ release: ref, n: 4, accuracy: 0.5, expected: 0.8 }] },
    bad: { releases: [{ release: ref, n: -1, accuracy: 0.5, expected: 0.8 }] },
    field: "releases.0.n",
  },
  {
    name: "a trained release",
    schema: releaseReplySchema,
    good: { release: ref },
    bad: { release: { unit: "bundle" } },
    field: "release.number",
  },
  {
    name: "a change set",
    schema: changeSetReplySchema,
    good: { releases: [ref] },
    bad: { releases: ref },
    field: "releases",
  },
  { name: "delivered rows", schema: ingestReplySchema, good: { ingested: 10 }, bad: {}, field: "ingested" },
  {
    name: "a canary move",
    schema: canaryMoveReplySchema,
    good: { move },
    bad: { move: null },
    field: "move",
  },
  {
    name: "a system's units",
    schema: systemReplySchema,
    good: { system: "s", runDir: "/r", units: [{ name: "app", url: "u", pid: 1, swap: "restart" }] },
    bad: { system: "s", runDir: "/r", units: [{ name: "app", url: "u", pid: 1, swap: "blue" }] },
    field: "units.0.swap",
  },
  {
    name: "an operator's release view",
    schema: unitReleasesSchema,
    good: { releases: [], production: null, moves: [] },
    bad: { releases: [], moves: [] },
    field: "production",
  },
  {
    name: "an alert webhook post",
    schema: webhookPayloadSchema,
    good: null,
    bad: { version: "4", alerts: [] },
    field: "groupKey",
  },
];

describe("callJson, the client every unit and the harness use", () => {
  it.each(cases)("refuses a malformed reply ($name) with a typed error naming the field", async (c) => {
    if (c.good !== null) {
      reply = { status: 200, body: JSON.stringify(c.good) };
      await expect(callJson(c.schema, `${base}/x`)).resolves.toBeDefined();
    }
    reply = { status: 200, body: JSON.stringify(c.bad) };
    const err = await callJson(c.schema, `${base}/x`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err).toMatchObject({ field: c.field });
    expect(String((err as Error).message)).toContain(`field '${c.field}'`);
  });

  it("refuses a reply that is not JSON as a protocol error of the whole body", async () => {
    reply = { status: 200, body: "<html>oops</html>" };
    await expect(callJson(collectReplySchema, `${base}/x`)).rejects.toMatchObject({
      name: "ProtocolError",
      field: "(body)",
    });
  });

  it("refuses a status it did not expect, with the unit's own error message", async () => {
    reply = {
      status: 409,
      body: JSON.stringify({ error: { code: "conflict", message: "no canary is running" } }),
    };
    const err = await callJson(canaryMoveReplySchema, `${base}/admin/canary/end`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReplyError);
    expect(err).toMatchObject({ status: 409 });
    expect(String((err as Error).message)).toContain("no canary is running");
    reply = { status: 200, body: JSON.stringify({ accepted: 1 }) };
    await expect(callJson(collectReplySchema, `${base}/x`, { expect: 202 })).rejects.toBeInstanceOf(
      ReplyError,
    );
  });
});
