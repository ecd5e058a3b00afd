/**
 * What the console may show of what the harness knows. The harness's own traces (a bad release's
 * note, the reason it was deployed, the knobs it was trained with) would tell a participant the
 * fault; a real team sees a release's number, date, lineage digests and scores, and who moved the
 * alias when. A last guard scrubs any known secret string from every response the console sends.
 */
import type { AliasMove, Release, UnitReleases } from "../../systems/kit/protocol/index.ts";
import { faultTypes } from "../faults/index.ts";

export interface ReleaseView {
  number: number;
  createdAt: string;
  codeVersion: string;
  dataDigest: string;
  metrics: Record<string, number>;
}

export interface MoveView {
  alias: string;
  from: number | null;
  to: number;
  who: string;
  at: string;
}

export function releaseView(r: Release): ReleaseView {
  return {
    number: r.number,
    createdAt: r.createdAt,
    codeVersion: r.lineage.codeVersion,
    dataDigest: r.lineage.dataDigest.slice(0, 12),
    metrics: r.lineage.metrics,
  };
}

export function moveView(m: AliasMove): MoveView {
  return { alias: m.alias, from: m.from, to: m.to, who: m.who, at: m.at };
}

export const HIDDEN = "[hidden]";

/** Replaces each secret (case-insensitive) by [hidden]: fault names, the scenario's file and title. */
export class Redactor {
  private readonly pattern: RegExp | null;

  constructor(secrets: string[]) {
    const words = [...new Set(secrets.filter((s) => s.trim().length >= 4))].sort(
      (a, b) => b.length - a.length,
    );
    const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    this.pattern = words.length ? new RegExp(words.map(literal).join("|"), "gi") : null;
  }

  /** Every fault of the catalog, plus what names this drill's scenario. */
  static forScenario(file: string, title: string): Redactor {
    const base =
      file
        .split("/")
        .pop()
        ?.replace(/\.ya?ml$/, "") ?? "";
    return new Redactor([...faultTypes, file, base, title, "labelNoise", "label noise"]);
  }

  clean(text: string): string {
    return this.pattern ? text.replace(this.pattern, HIDDEN) : text;
  }
}

/** A unit's releases as the console shows them: production, each release and each move, redacted. */
export function releasesView(unit: string, r: UnitReleases) {
  return {
    unit,
    production: r.production?.number ?? null,
    releases: r.releases.map(releaseView),
    moves: r.moves.map(moveView),
  };
}
