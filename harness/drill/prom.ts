/** The units' /metrics (Prometheus text) as the few series a person can read as charts. */

export interface Sample {
  /** name{labels}: one chart line. */
  key: string;
  name: string;
  value: number;
  /** Counters are drawn as a rate: their running total says little at a glance. */
  counter: boolean;
}

// Runtime internals (GC, event loop, handles), histogram buckets and counts (the request counter
// says the same) bury the system's own signals; so do the harness's own polls of a unit.
const NOISE = /_bucket$|_seconds_count$|_nodejs_|_created$|_process_(start|max_fds|open_fds|virtual|heap)/;
const POLLS = /route="\/(metrics|ready)"/;

export function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const [, name, labels = "", raw] = m;
    const value = Number(raw);
    if (NOISE.test(name) || POLLS.test(labels) || !Number.isFinite(value)) continue;
    // The unit's own identity labels repeat on every line: leave them out of the key.
    const kept = labels
      .replace(/^\{|\}$/g, "")
      .split(/,(?=[a-zA-Z_]\w*=")/)
      .filter((l) => l && !/^(system|unit|task|pattern)=/.test(l));
    out.push({
      key: kept.length ? `${name}{${kept.join(",")}}` : name,
      name,
      value,
      counter: /_(total|count|sum)$/.test(name),
    });
  }
  return out;
}
