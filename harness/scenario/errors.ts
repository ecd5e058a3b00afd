/** One error tree for scenarios: every failure is a sentence naming the file and the key. */
export class ScenarioError extends Error {
  override name = "ScenarioError";
  /** One sentence per problem found (the message holds them all, one a line). */
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join("\n"));
    this.problems = problems;
  }
}
