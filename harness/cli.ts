/** The archdrill command line (bin/archdrill.js imports this through tsx); the program is in harness/cli/program.ts. */
import { runCli } from "./cli/program.ts";

// Exits with the command's code once it returns; `up` returns only after a signal has stopped its system.
runCli(process.argv.slice(2)).then((code) => process.exit(code));
