import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { z } from "zod";
import { type BackendName, initBackend } from "./backend.ts";
import { ModelIoError } from "./errors.ts";
import { type ModelSpec, modelSpecSchema } from "./model.ts";

const MODEL_JSON = "model.json";
const WEIGHTS_BIN = "weights.bin";
const METADATA_JSON = "metadata.json";

export interface ModelMetadata {
  spec: ModelSpec;
  seed: number;
  dataDigest: string;
  backend: BackendName;
  [key: string]: unknown;
}

const metadataSchema: z.ZodType<ModelMetadata> = z.looseObject({
  spec: modelSpecSchema,
  seed: z.int(),
  dataDigest: z.string(),
  backend: z.enum(["tfjs-node", "wasm"]),
});

/**
 * A tfjs IOHandler for a local directory (tfjs's own file:// handler needs tfjs-node).
 * Writes model.json (topology + a manifest naming weights.bin) and weights.bin.
 */
export function fileHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new ModelIoError("fileHandler saves JSON topologies only, not binary graph protos");
      }
      const weights = tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? []);
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        trainingConfig: artifacts.trainingConfig,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
      };
      try {
        await fs.promises.mkdir(dir, { recursive: true });
        await fs.promises.writeFile(path.join(dir, WEIGHTS_BIN), new Uint8Array(weights));
        await fs.promises.writeFile(path.join(dir, MODEL_JSON), JSON.stringify(modelJson));
      } catch (cause) {
        throw new ModelIoError(`cannot write model to ${dir}: ${String(cause)}`, { cause });
      }
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },

    async load(): Promise<tf.io.ModelArtifacts> {
      const modelJson = (await readJson(path.join(dir, MODEL_JSON))) as tf.io.ModelJSON;
      if (!modelJson || typeof modelJson !== "object" || !Array.isArray(modelJson.weightsManifest)) {
        throw new ModelIoError(`${path.join(dir, MODEL_JSON)} has no weightsManifest`);
      }
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        // Shards are concatenated in manifest order, as tfjs's http loader does.
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          for (const file of group.paths) buffers.push(await readBinary(path.join(dir, file)));
        }
        return [tf.io.getWeightSpecs(manifest), tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}

/** Saves the model (model.json, weights.bin) and its metadata.json into dir, creating it. */
export async function saveModel(model: tf.LayersModel, dir: string, metadata: ModelMetadata): Promise<void> {
  const checked = metadataSchema.safeParse(metadata);
  if (!checked.success) throw new ModelIoError(`invalid model metadata: ${checked.error.message}`);
  await model.save(fileHandler(dir));
  await fs.promises.writeFile(path.join(dir, METADATA_JSON), `${JSON.stringify(metadata, null, 2)}\n`);
}

/** Loads a directory written by saveModel; the backend is initialised first if needed. */
export async function loadModel(dir: string): Promise<{ model: tf.LayersModel; metadata: ModelMetadata }> {
  const file = path.join(dir, METADATA_JSON);
  const parsed = metadataSchema.safeParse(await readJson(file));
  if (!parsed.success) throw new ModelIoError(`invalid ${file}: ${parsed.error.message}`);
  await initBackend();
  const model = await tf.loadLayersModel(fileHandler(dir));
  return { model, metadata: parsed.data };
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, "utf8");
  } catch (cause) {
    throw new ModelIoError(`cannot read ${file}: ${String(cause)}`, { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ModelIoError(`${file} is not valid JSON: ${String(cause)}`, { cause });
  }
}

async function readBinary(file: string): Promise<ArrayBuffer> {
  try {
    const bytes = await fs.promises.readFile(file);
    // Copy out of Node's pooled Buffer so the ArrayBuffer holds exactly this file.
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  } catch (cause) {
    throw new ModelIoError(`cannot read ${file}: ${String(cause)}`, { cause });
  }
}
