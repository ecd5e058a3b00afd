import Database from "better-sqlite3";
import { type Clock, systemClock } from "../clock.ts";
import { parseJsonAs } from "../protocol/index.ts";
import { RegistryError, UnknownReleaseError } from "./errors.ts";
import { prepareDatabase } from "./schema.ts";
import { type AliasEntry, type AliasMove, lineageSchema, type NewRelease, type Release } from "./types.ts";

export type { AliasEntry, AliasMove, Lineage, NewRelease, Release } from "./types.ts";

interface ReleaseRow {
  unit: string;
  number: number;
  digest: string;
  path: string;
  lineage: string;
  created_at: string;
  note: string | null;
}

interface MoveRow {
  id: number;
  unit: string;
  alias: string;
  from_release: number | null;
  to_release: number;
  who: string;
  at: string;
  reason: string | null;
}

/**
 * Releases (immutable, numbered per unit, with lineage), aliases pointing at them and the append-only
 * log of every alias move, in one SQLite file that several processes may open at once.
 */
export class Registry {
  private constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {}

  static open(file: string, opts: { clock?: Clock } = {}): Registry {
    const db = new Database(file);
    try {
      prepareDatabase(db);
    } catch (error) {
      db.close();
      throw new RegistryError(`cannot open registry ${file}`, { cause: error });
    }
    return new Registry(db, opts.clock ?? systemClock);
  }

  /** Numbers the release after the unit's last one; the same digest again returns the existing release. */
  register(unit: string, r: NewRelease): Release {
    text("unit", unit);
    text("digest", r.digest);
    text("path", r.path);
    const parsed = lineageSchema.safeParse(r.lineage);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new RegistryError(`bad lineage at ${issue.path.join(".") || "(root)"}: ${issue.message}`);
    }
    // IMMEDIATE takes the write lock first, so two processes cannot both claim the next number.
    return this.db
      .transaction((): Release => {
        const existing = this.db
          .prepare("SELECT * FROM releases WHERE unit = ? AND digest = ?")
          .get(unit, r.digest) as ReleaseRow | undefined;
        if (existing) return toRelease(existing);
        const { next } = this.db
          .prepare("SELECT coalesce(max(number), 0) + 1 AS next FROM releases WHERE unit = ?")
          .get(unit) as { next: number };
        this.db
          .prepare("INSERT INTO releases VALUES (?, ?, ?, ?, ?, ?, ?)")
          .run(unit, next, r.digest, r.path, JSON.stringify(parsed.data), this.now(), r.note ?? null);
        return this.get(unit, next);
      })
      .immediate();
  }

  get(unit: string, number: number): Release {
    const row = this.db.prepare("SELECT * FROM releases WHERE unit = ? AND number = ?").get(unit, number) as
      | ReleaseRow
      | undefined;
    if (!row) throw new UnknownReleaseError(unit, number);
    return toRelease(row);
  }

  list(unit?: string): Release[] {
    const rows = (
      unit === undefined
        ? this.db.prepare("SELECT * FROM releases ORDER BY unit, number").all()
        : this.db.prepare("SELECT * FROM releases WHERE unit = ? ORDER BY number").all(unit)
    ) as ReleaseRow[];
    return rows.map(toRelease);
  }

  alias(unit: string, alias: string): Release | null {
    const row = this.db
      .prepare("SELECT release FROM aliases WHERE unit = ? AND alias = ?")
      .get(unit, alias) as { release: number } | undefined;
    return row ? this.get(unit, row.release) : null;
  }

  aliases(unit?: string): AliasEntry[] {
    return (
      unit === undefined
        ? this.db.prepare("SELECT unit, alias, release FROM aliases ORDER BY unit, alias").all()
        : this.db.prepare("SELECT unit, alias, release FROM aliases WHERE unit = ? ORDER BY alias").all(unit)
    ) as AliasEntry[];
  }

  /** Points an alias at a release and logs it; a move to where it already points is logged too. */
  moveAlias(unit: string, alias: string, to: number, by: { who: string; reason?: string }): AliasMove {
    text("unit", unit);
    text("alias", alias);
    text("who", by.who);
    return this.db
      .transaction((): AliasMove => {
        this.get(unit, to);
        const current = this.db
          .prepare("SELECT release FROM aliases WHERE unit = ? AND alias = ?")
          .get(unit, alias) as { release: number } | undefined;
        this.db
          .prepare(
            `INSERT INTO aliases (unit, alias, release) VALUES (?, ?, ?)
             ON CONFLICT (unit, alias) DO UPDATE SET release = excluded.release`,
          )
          .run(unit, alias, to);
        const { lastInsertRowid } = this.db
          .prepare(
            "INSERT INTO alias_moves (unit, alias, from_release, to_release, who, at, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
          )
          .run(unit, alias, current?.release ?? null, to, by.who, this.now(), by.reason ?? null);
        const row = this.db.prepare("SELECT * FROM alias_moves WHERE id = ?").get(lastInsertRowid) as MoveRow;
        return toMove(row);
      })
      .immediate();
  }

  /** The alias-move log in the order the moves happened. */
  moves(unit?: string): AliasMove[] {
    const rows = (
      unit === undefined
        ? this.db.prepare("SELECT * FROM alias_moves ORDER BY id").all()
        : this.db.prepare("SELECT * FROM alias_moves WHERE unit = ? ORDER BY id").all(unit)
    ) as MoveRow[];
    return rows.map(toMove);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

function text(field: string, value: unknown): void {
  if (typeof value !== "string" || value.trim() === "") {
    throw new RegistryError(`${field} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
}

function toRelease(row: ReleaseRow): Release {
  return {
    unit: row.unit,
    number: row.number,
    digest: row.digest,
    path: row.path,
    lineage: parseJsonAs(lineageSchema, row.lineage, `lineage of ${row.unit}#${row.number}`),
    createdAt: row.created_at,
    note: row.note,
  };
}

function toMove(row: MoveRow): AliasMove {
  return {
    id: row.id,
    unit: row.unit,
    alias: row.alias,
    from: row.from_release,
    to: row.to_release,
    who: row.who,
    at: row.at,
    reason: row.reason,
  };
}
