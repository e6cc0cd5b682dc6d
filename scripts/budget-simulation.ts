// node --import tsx scripts/budget-simulation.ts [clients]: checks the command budget's windows (COMMANDS_PER_SECOND
// per 1 s window, then COMMAND_BURST per 2 s window, as rate-limiter-flexible's BurstyRateLimiter keeps them: each
// window starts at the first command after the last one ended) against random clients that stay within a token
// bucket of 20 commands/s and bursts of 50. Prints how many of their commands the budget would have refused.
import { COMMAND_BURST, COMMANDS_PER_SECOND } from '../lib/write/command-budget';

const CLIENTS = Number(process.argv[2] ?? 20_000);
const STEPS = [0, 0.01, 0.05, 0.1, 0.3, 0.5, 1];

function refusedFor(random: () => number): number {
  let main = { start: -Infinity, used: 0 };
  let burst = { start: -Infinity, used: 0 };
  let tokens = 50;
  let now = 0;
  let last = 0;
  let refused = 0;
  for (let step = 0; step < 400; step++) {
    now += random() < 0.15 ? random() * 2 : STEPS[Math.floor(random() * STEPS.length)]!;
    tokens = Math.min(50, tokens + (now - last) * 20);
    last = now;
    const n = random() < 0.5 ? Math.floor(tokens) : Math.floor(random() * (Math.floor(tokens) + 1));
    for (let i = 0; i < n; i++) {
      tokens -= 1;
      if (now >= main.start + 1) main = { start: now, used: 0 };
      if (main.used < COMMANDS_PER_SECOND) {
        main.used++;
        continue;
      }
      if (now >= burst.start + 2) burst = { start: now, used: 0 };
      if (burst.used < COMMAND_BURST) {
        burst.used++;
        continue;
      }
      refused++;
    }
  }
  return refused;
}

let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
let worst = 0;
let total = 0;
for (let c = 0; c < CLIENTS; c++) {
  const r = refusedFor(random);
  worst = Math.max(worst, r);
  total += r;
}
console.log(
  `${CLIENTS} clients within 20/s and bursts of 50, budget ${COMMANDS_PER_SECOND}/s + ${COMMAND_BURST} per 2 s: ${total} commands refused (worst client: ${worst})`,
);
