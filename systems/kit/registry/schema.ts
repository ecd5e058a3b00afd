import type Database from "better-sqlite3";

/**
 * Releases are immutable and the alias-move log is append-only: triggers make SQLite itself refuse an
 * UPDATE or DELETE, so no code path (or operator with a SQL shell) can rewrite history by accident.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS releases (
  unit TEXT NOT NULL,
  number INTEGER NOT NULL,
  digest TEXT NOT NULL,
  path TEXT NOT NULL,
  lineage TEXT NOT NULL,
  created_at TEXT NOT NULL,
  note TEXT,
  PRIMARY KEY (unit, number),
  UNIQUE (unit, digest)
);
CREATE TABLE IF NOT EXISTS aliases (
  unit TEXT NOT NULL,
  alias TEXT NOT NULL,
  release INTEGER NOT NULL,
  PRIMARY KEY (unit, alias),
  FOREIGN KEY (unit, release) REFERENCES releases (unit, number)
);
CREATE TABLE IF NOT EXISTS alias_moves (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  unit TEXT NOT NULL,
  alias TEXT NOT NULL,
  from_release INTEGER,
  to_release INTEGER NOT NULL,
  who TEXT NOT NULL,
  at TEXT NOT NULL,
  reason TEXT
);
CREATE TRIGGER IF NOT EXISTS alias_moves_no_update BEFORE UPDATE ON alias_moves
BEGIN SELECT RAISE(ABORT, 'alias_moves is append-only: rows cannot be updated'); END;
CREATE TRIGGER IF NOT EXISTS alias_moves_no_delete BEFORE DELETE ON alias_moves
BEGIN SELECT RAISE(ABORT, 'alias_moves is append-only: rows cannot be deleted'); END;
CREATE TRIGGER IF NOT EXISTS releases_no_update BEFORE UPDATE ON releases
BEGIN SELECT RAISE(ABORT, 'releases are immutable: rows cannot be updated'); END;
CREATE TRIGGER IF NOT EXISTS releases_no_delete BEFORE DELETE ON releases
BEGIN SELECT RAISE(ABORT, 'releases are immutable: rows cannot be deleted'); END;
`;

export function prepareDatabase(db: Database.Database): void {
  // Wait for another process's write lock instead of failing at once.
  db.pragma("busy_timeout = 5000");
  // WAL lets readers in other processes proceed while one process writes.
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  db.transaction(() => db.exec(DDL)).immediate();
}
