import { startInference } from "../../unit-main.ts";

await startInference("inference");
