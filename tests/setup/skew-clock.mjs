// Preloaded into a child process by machines/replay.test.ts: the machine's clock moved by
// SANAD_CLOCK_SHIFT_MS and Math.random seeded by SANAD_RANDOM_SEED, so a replay that read either would differ.
const shift = Number(process.env.SANAD_CLOCK_SHIFT_MS ?? 0);
const RealDate = Date;
class SkewedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + shift);
    else super(...args);
  }
  static now() {
    return RealDate.now() + shift;
  }
}
globalThis.Date = SkewedDate;
let seed = Number(process.env.SANAD_RANDOM_SEED ?? 1) % 2147483647 || 1;
Math.random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
