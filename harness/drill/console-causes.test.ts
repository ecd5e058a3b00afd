import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { causeSchema } from "../../systems/kit/protocol/index.ts";

const html = fs.readFileSync(new URL("./console.html", import.meta.url), "utf8");

describe("the console's diagnosis form", () => {
  it("offers every cause the protocol knows, as a choice and as a second guess", () => {
    const options = [...html.matchAll(/<option value="([a-z]+)">/g)].map((m) => m[1]);
    const guesses = JSON.parse(/const CAUSES = (\[[^\]]*\]);/.exec(html)?.[1] ?? "[]");
    for (const c of causeSchema.options) expect(options).toContain(c);
    expect(guesses).toEqual(causeSchema.options);
  });
});
