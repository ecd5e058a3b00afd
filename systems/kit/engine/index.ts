// Callers type their models as tf.LayersModel; re-exporting saves them a second import of tfjs.
export * as tf from "@tensorflow/tfjs";
export { type BackendName, currentBackend, initBackend } from "./backend.ts";
export { EngineError, EngineInputError, ModelIoError } from "./errors.ts";
export { fileHandler, loadModel, type ModelMetadata, saveModel } from "./io.ts";
export {
  buildEmbed,
  buildMlp,
  embedSpecSchema,
  type ModelKind,
  mlpSpecSchema,
  modelKind,
  modelKindNames,
  type Trained,
  type TrainingData,
} from "./kinds/index.ts";
export {
  checkMatrix,
  type EmbedSpec,
  type MlpSpec,
  type ModelSpec,
  modelSpecSchema,
  parseModelSpec,
  predict,
  trainModel,
} from "./model.ts";
export { argmax, blobs, intentTexts } from "./synthetic.ts";
