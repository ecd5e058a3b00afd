/**
 * The systems write their SQL once, in the dialect SQLite and MySQL/MariaDB share, with a few SQLite
 * spellings; this turns those into MySQL's. The rules are few and listed here, so what runs on the
 * paper's database is the same statement, not a second copy of it.
 */

/** Column names the systems use that MySQL reserves (RELEASE SAVEPOINT, KEY): quoted there. */
const RESERVED = ["release", "key"];

const rules: [RegExp, string][] = [
  // SQLite's rowid alias is MySQL's auto_increment.
  [/\binteger primary key autoincrement\b/gi, "integer primary key auto_increment"],
  [/\binsert or ignore\b/gi, "insert ignore"],
  // MySQL indexes no TEXT without a length: keys are short strings.
  [/\btext primary key\b/gi, "varchar(191) primary key"],
  [/\btext not null unique\b/gi, "varchar(191) not null unique"],
  [/\bbegin\b(?=\s*;?\s*$)/gi, "start transaction"],
];

/** Text columns that are part of a composite primary key: `kind text not null` where `primary key (kind, ...)`. */
function compositeKeys(sql: string): string {
  const key = /primary key \(([^)]+)\)/i.exec(sql);
  if (!key) return sql;
  let out = sql;
  for (const col of key[1].split(",").map((c) => c.trim())) {
    out = out.replace(new RegExp(`\\b${col} text\\b`, "i"), `${col} varchar(191)`);
  }
  return out;
}

/** Quotes reserved words used as identifiers, outside string literals (not `primary key`'s key). */
function quoteReserved(sql: string): string {
  const word = new RegExp(`(?<![\`.\\w])(${RESERVED.join("|")})(?![\`\\w(])`, "gi");
  return sql
    .split(/('(?:[^']|'')*')/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(word, (w: string, _g: string, at: number) =>
            /\b(primary|foreign|unique)\s+$/i.test(part.slice(0, at)) ? w : `\`${w}\``,
          ),
    )
    .join("");
}

/** One statement in SQLite's spelling, in MySQL's. */
export function toMysql(sql: string): string {
  let out = sql;
  for (const [from, to] of rules) out = out.replace(from, to);
  return quoteReserved(compositeKeys(out));
}

/** Splits DDL of several statements (exec) into one per call, as MySQL's protocol wants by default. */
export function statements(sql: string): string[] {
  return sql
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean);
}
