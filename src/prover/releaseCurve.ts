type Curve = { terminate(): Promise<void> }

/**
 * Terminate snarkjs's shared bn128 curve and its worker threads, if it was built.
 *
 * snarkjs (ffjavascript) builds the curve lazily on the first proof or verification and caches
 * it in `globalThis.curve_bn128`, so one instance serves every call; its worker threads keep a
 * Node process (a test runner, a CLI) alive until it is terminated. The next snarkjs call
 * simply builds a new one.
 */
export async function releaseCurve(): Promise<void> {
  const holder = globalThis as { curve_bn128?: Curve | null }
  const curve = holder.curve_bn128
  if (curve) await curve.terminate()
}
