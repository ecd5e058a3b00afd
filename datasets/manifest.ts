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
  columns: { name: string; type: ColumnType }[];
  timeColumn: string;
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

export const manifest: Readonly<Record<string, DatasetManifest>> = { weather };
