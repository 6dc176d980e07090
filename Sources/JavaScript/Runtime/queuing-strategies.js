// ByteLengthQueuingStrategy and CountQueuingStrategy (Streams Standard §7) and the strategy helpers.
const internal = kiln.internal;
const { expose, shapeInterface, requireArgs } = internal;

internal.extractHighWaterMark = function extractHighWaterMark(strategy, defaultHWM) {
  if (strategy?.highWaterMark === undefined) return defaultHWM;
  const hwm = Number(strategy.highWaterMark);
  if (Number.isNaN(hwm) || hwm < 0) throw new RangeError("The highWaterMark of a queuing strategy must be a non-negative number.");
  return hwm;
};
internal.extractSizeAlgorithm = function extractSizeAlgorithm(strategy) {
  const size = strategy?.size;
  if (size === undefined) return () => 1;
  if (typeof size !== "function") throw new TypeError("The size of a queuing strategy must be a function.");
  return (chunk) => size(chunk);
};

function byteLengthSize(chunk) { return chunk.byteLength; }
function countSize() { return 1; }

class ByteLengthQueuingStrategy {
  #highWaterMark;
  constructor(init) {
    requireArgs(arguments.length, 1, "Failed to construct 'ByteLengthQueuingStrategy'");
    this.#highWaterMark = Number(init?.highWaterMark);
  }
  get highWaterMark() { return this.#highWaterMark; }
  get size() { return byteLengthSize; }
}
class CountQueuingStrategy {
  #highWaterMark;
  constructor(init) {
    requireArgs(arguments.length, 1, "Failed to construct 'CountQueuingStrategy'");
    this.#highWaterMark = Number(init?.highWaterMark);
  }
  get highWaterMark() { return this.#highWaterMark; }
  get size() { return countSize; }
}
shapeInterface(ByteLengthQueuingStrategy);
shapeInterface(CountQueuingStrategy);
expose("ByteLengthQueuingStrategy", ByteLengthQueuingStrategy);
expose("CountQueuingStrategy", CountQueuingStrategy);
