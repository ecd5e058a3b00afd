import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { EngineError } from "./errors.ts";
import { registerWasmKernels } from "./wasm-kernels.ts";

export type BackendName = "tfjs-node" | "wasm";

// tfjs-node is an optionalDependency that may be absent: keeping the specifier in a variable
// stops tsc (and vite's import analysis) from trying to resolve it.
const TFJS_NODE = "@tensorflow/tfjs-node";

let pending: Promise<BackendName> | null = null;
let chosen: BackendName | null = null;

/**
 * Picks the fastest available backend once per process: native tfjs-node when installed,
 * else the WASM backend. Later calls return the same promise.
 * The backend is chosen before any tensor exists, so the CPU backend never writes data and
 * never prints its "install tfjs-node" hint.
 */
export function initBackend(): Promise<BackendName> {
  if (!pending) {
    pending = pick().then((name) => {
      chosen = name;
      return name;
    });
    // A failed pick must not be cached forever: let a later call retry.
    pending.catch(() => {
      pending = null;
    });
  }
  return pending;
}

/** The backend chosen by initBackend, or null before it has finished. */
export function currentBackend(): BackendName | null {
  return chosen;
}

async function pick(): Promise<BackendName> {
  if (await tryTfjsNode()) return "tfjs-node";
  try {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    wasm.setWasmPaths(wasmDir());
    registerWasmKernels();
    if (!(await tf.setBackend("wasm"))) throw new Error("tf.setBackend('wasm') returned false");
    await tf.ready();
    return "wasm";
  } catch (cause) {
    throw new EngineError(`cannot initialise the wasm backend: ${String(cause)}`, { cause });
  }
}

async function tryTfjsNode(): Promise<boolean> {
  try {
    await import(/* @vite-ignore */ TFJS_NODE);
  } catch {
    return false; // not installed (the usual case here): fall back to wasm
  }
  // tfjs-node registers the "tensorflow" backend on import; select it explicitly.
  if (!(await tf.setBackend("tensorflow"))) return false;
  await tf.ready();
  return true;
}

/** The directory holding the installed package's .wasm binaries, as a path ending with "/". */
function wasmDir(): string {
  const main = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm");
  return `${path.dirname(main)}/`;
}
