/**
 * The tasks added after classification, each as a three-layer and a proposed system, through the
 * same suite (scenario tests, bad input, alerts, metrics, UI in a browser, release and rollback).
 */
import { describeSystem } from "./system-suite.ts";

for (const system of [
  "regression/three-layer",
  "regression/proposed",
  "clustering/three-layer",
  "clustering/proposed",
])
  describeSystem(system);
