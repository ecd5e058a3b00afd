export { ScenarioError } from "./errors.ts";
export { listScenarios, type ScenarioEntry, scenarioFiles, scenariosDir } from "./list.ts";
export { displayName, type LoadedScenario, loadScenario, parseScenario } from "./load.ts";
export {
  causes,
  jsonSchema,
  jsonSchemaFile,
  parts,
  type Scenario,
  type ScenarioFault,
  scenarioSchema,
  writeJsonSchema,
} from "./schema.ts";
