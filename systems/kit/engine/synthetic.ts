import { rng } from "../random.ts";

/**
 * Seeded Gaussian blobs for tests and smoke checks: `classes` well-separated clusters in 2-D,
 * labels one-hot. Centres sit on a circle of radius 3, spread is `sd`.
 */
export function blobs(
  perClass: number,
  seed: number,
  classes = 3,
  sd = 0.5,
): { x: number[][]; y: number[][]; labels: number[] } {
  const random = rng(`${seed}:blobs`);
  const normal = () => {
    // Box-Muller; 1 - u keeps log away from 0.
    const u = 1 - random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const x: number[][] = [];
  const y: number[][] = [];
  const labels: number[] = [];
  for (let c = 0; c < classes; c++) {
    const angle = (2 * Math.PI * c) / classes;
    for (let i = 0; i < perClass; i++) {
      x.push([3 * Math.cos(angle) + sd * normal(), 3 * Math.sin(angle) + sd * normal()]);
      y.push(Array.from({ length: classes }, (_, k) => (k === c ? 1 : 0)));
      labels.push(c);
    }
  }
  return { x, y, labels };
}

/** Index of the largest value in each row. */
export function argmax(rows: number[][]): number[] {
  return rows.map((row) => row.reduce((best, v, i) => (v > row[best] ? i : best), 0));
}

const INTENT_TEMPLATES: Record<string, string[]> = {
  flight: [
    "book a flight to {city} {when}",
    "i need a plane ticket to {city}",
    "can you get me a flight from {city} to {city}",
    "fly me to {city} {when}",
    "reserve a seat on a plane to {city} {when}",
  ],
  weather: [
    "what is the weather in {city} {when}",
    "will it rain in {city} {when}",
    "how hot is it in {city}",
    "do i need an umbrella {when}",
    "is it going to snow in {city} {when}",
  ],
  alarm: [
    "set an alarm for {time}",
    "wake me up at {time} {when}",
    "please set my alarm to {time}",
    "i need an alarm at {time} {when}",
    "ring the alarm at {time}",
  ],
};

/**
 * Seeded short requests of three intents (flight, weather, alarm), for tests of text models: each
 * intent cycles through its five templates (so any 5+ per intent show every phrasing) with slots
 * drawn from the seed. Slot words (cities, days, times) are shared across intents, so only the
 * intent's own words tell them apart; `cities` lets held-out sentences use places never trained on.
 */
export function intentTexts(
  perIntent: number,
  seed: number,
  cities: readonly string[] = ["paris", "london", "tokyo", "berlin"],
): { texts: string[]; labels: string[]; classes: string[] } {
  const random = rng(`${seed}:intents`);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const slots: Record<string, readonly string[]> = {
    city: cities,
    when: ["today", "tomorrow", "on friday", "next week", "tonight"],
    time: ["7 am", "6 30", "noon", "8 15 pm", "5 o'clock"],
  };
  const classes = Object.keys(INTENT_TEMPLATES);
  const texts: string[] = [];
  const labels: string[] = [];
  for (const intent of classes) {
    for (let i = 0; i < perIntent; i++) {
      const templates = INTENT_TEMPLATES[intent];
      texts.push(
        templates[i % templates.length].replace(/\{(\w+)\}/g, (_, slot: string) => pick(slots[slot])),
      );
      labels.push(intent);
    }
  }
  return { texts, labels, classes };
}
