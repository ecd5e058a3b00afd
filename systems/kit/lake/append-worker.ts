// Test helper run as a child process: appends batches to a shared lake root, for the multi-process test.
import { fakeClock } from "../clock.ts";
import { Lake } from "./lake.ts";

const [root, writer, batches] = process.argv.slice(2);
// A frozen clock makes every file share one timestamp, so only pid and sequence keep names apart.
const lake = await Lake.open(root, { clock: fakeClock(Date.parse("2024-01-05T00:00:00Z")) });
for (let i = 0; i < Number(batches); i++) await lake.append("requests", [{ writer, i }]);
await lake.close();
