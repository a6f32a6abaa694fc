// Generates contracts/src/BatchVerifier.sol from a snarkjs Groth16 verification key: the batch
// verifier of docs/PROTOCOL.md §7.4, which checks k proofs with one pairing product (k + 3
// pairings) by a random linear combination whose weights are Fiat–Shamir hashes of every input
// and every proof of the call (computed as src/protocol/batch/batchVerificationWeights.ts does).
//
//   npx tsx contracts/generateVerifier.ts        rewrite contracts/src/BatchVerifier.sol from
//                                                circuits/artifacts/verification_key.json
//
// The output is committed; contracts/generateVerifier.test.ts fails when it is stale (regenerate
// after every ceremony). The first `foldedInputs` public inputs (chainId and rollupAddress, §7.1)
// are folded into the key's constant term by the constructor, so they cost nothing per call.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const contractsDir = dirname(fileURLToPath(import.meta.url))
const rootDir = resolve(contractsDir, '..')

export const verifierPaths = {
  verificationKey: join(rootDir, 'circuits/artifacts/verification_key.json'),
  manifest: join(rootDir, 'circuits/artifacts/manifest.json'),
  output: join(contractsDir, 'src/BatchVerifier.sol'),
} as const

/** Public inputs folded into IC0 at deployment: chainId and rollupAddress (§7.1). */
export const FOLDED_INPUTS = 2

/** The parts of a snarkjs verification_key.json this generator reads. */
export type VerificationKey = {
  protocol: string
  curve: string
  nPublic: number
  vk_alpha_1: readonly string[]
  vk_beta_2: readonly (readonly string[])[]
  vk_gamma_2: readonly (readonly string[])[]
  vk_delta_2: readonly (readonly string[])[]
  IC: readonly (readonly string[])[]
}

export class VerifierGenerationError extends Error {
  override name = 'VerifierGenerationError'
}

export type GenerateVerifierOptions = {
  /** Leading public inputs folded into IC0 by the constructor (chainId, rollupAddress); default 2. */
  foldedInputs?: number
  /** True when the key comes from the public-beacon dev ceremony: the contract then says so. */
  insecureDevSetup: boolean
  /** Contract name (default BatchVerifier; tests compile variants under other names). */
  contractName?: string
}

const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n

function checkKey(vk: VerificationKey, folded: number): void {
  if (vk.protocol !== 'groth16' || vk.curve !== 'bn128') {
    throw new VerifierGenerationError(`expected a groth16 bn128 key, got ${vk.protocol} ${vk.curve}`)
  }
  if (vk.IC.length !== vk.nPublic + 1) throw new VerifierGenerationError(`IC has ${vk.IC.length} points for ${vk.nPublic} public inputs`)
  if (folded < 0 || folded > vk.nPublic || (folded > 0 && folded !== FOLDED_INPUTS)) {
    throw new VerifierGenerationError(`can fold 0 or ${FOLDED_INPUTS} inputs (chainId, rollupAddress), asked for ${folded}`)
  }
  if (vk.nPublic - folded < 1) throw new VerifierGenerationError('no public input left per proof')
  const affine = (p: readonly unknown[], one: unknown) => p[2] === one
  if (!affine(vk.vk_alpha_1, '1') || !vk.IC.every((p) => affine(p, '1'))) throw new VerifierGenerationError('G1 points must be affine')
  for (const g2 of [vk.vk_beta_2, vk.vk_gamma_2, vk.vk_delta_2]) {
    if (g2[2]?.[0] !== '1' || g2[2]?.[1] !== '0') throw new VerifierGenerationError('G2 points must be affine')
  }
  for (const value of [...vk.vk_alpha_1.slice(0, 2), ...vk.IC.flatMap((p) => p.slice(0, 2))]) {
    if (BigInt(value) >= Q) throw new VerifierGenerationError(`coordinate ${value} is not below q`)
  }
}

/**
 * The Fiat–Shamir transcript (§7.4), shared by `verify` and `weights` so both derive the same ρ:
 * `t = keccak256(inputs ‖ proofs)` (32-byte words, as calldata holds them), stored at mem + seed.
 */
const transcript = (seed: number) => `            // t = keccak256(inputs ‖ proofs): every value the caller chose, before any weight exists.
            calldatacopy(mem, inputs.offset, mul(inputs.length, 0x20))
            calldatacopy(add(mem, mul(inputs.length, 0x20)), proofs.offset, mul(proofs.length, PROOF_BYTES))
            mstore(add(mem, ${seed}), keccak256(mem, add(mul(inputs.length, 0x20), mul(proofs.length, PROOF_BYTES))))`

/** ρ_i = (uint256(keccak256(t ‖ uint256 i)) mod 2^128) + 1, as `rho`. */
const weight = (seed: number) => `                mstore(add(mem, ${seed + 32}), i)
                let rho := add(and(keccak256(add(mem, ${seed}), 0x40), WEIGHT_MASK), 1)`

/** G2 point as the ecPairing precompile takes it: x imaginary, x real, y imaginary, y real. */
const g2 = (p: readonly (readonly string[])[]) => [p[0]![1]!, p[0]![0]!, p[1]![1]!, p[1]![0]!]

/** The Solidity source of the batch verifier for `vk` (deterministic: same key, same bytes). */
export function generateVerifierSource(vk: VerificationKey, options: GenerateVerifierOptions): string {
  const folded = options.foldedInputs ?? FOLDED_INPUTS
  checkKey(vk, folded)
  const name = options.contractName ?? 'BatchVerifier'
  const perProof = vk.nPublic - folded
  const [betaX1, betaX0, betaY1, betaY0] = g2(vk.vk_beta_2)
  const [gammaX1, gammaX0, gammaY1, gammaY0] = g2(vk.vk_gamma_2)
  const [deltaX1, deltaX0, deltaY1, deltaY0] = g2(vk.vk_delta_2)
  // IC[0] is the constant term; IC[1 + m] belongs to public input m. Folded inputs 0, 1 use IC[1], IC[2].
  const ics = vk.IC.slice(1 + folded)
  const icConstants = ics
    .map((p, j) => `    uint256 private constant IC${j}_X = ${p[0]};\n    uint256 private constant IC${j}_Y = ${p[1]};`)
    .join('\n')
  const icTerms = ics
    .map(
      (_, j) => `            s := mload(add(mem, ${j * 32}))
            if s {
                mstore(scratch, IC${j}_X)
                mstore(add(scratch, 0x20), IC${j}_Y)
                mstore(add(scratch, 0x40), s)
                if iszero(staticcall(gas(), 7, scratch, 0x60, add(scratch, 0x40), 0x40)) { fail() }
                mstore(scratch, mload(slot))
                mstore(add(scratch, 0x20), mload(add(slot, 0x20)))
                if iszero(staticcall(gas(), 6, scratch, 0x80, slot, 0x40)) { fail() }
            }`,
    )
    .join('\n')
  const scratch = perProof * 32
  const accC = scratch + 0x80
  const seed = accC + 0x40
  const pairs = seed + 0x40
  const foldCtor =
    folded === 0
      ? `        (ic0x, ic0y) = (IC_CONST_X, IC_CONST_Y);`
      : `        // IC0' = IC0 + chainId·IC[1] + rollup·IC[2] (§7.1): both inputs are fixed for this deployment.
        (uint256 x, uint256 y) = _mulAdd(IC_CONST_X, IC_CONST_Y, ${vk.IC[1]![0]}, ${vk.IC[1]![1]}, chainId_);
        (x, y) = _mulAdd(x, y, ${vk.IC[2]![0]}, ${vk.IC[2]![1]}, uint256(uint160(rollup_)));
        (ic0x, ic0y) = (x, y);`
  const mulAdd =
    folded === 0
      ? ''
      : `
    /// @dev (x, y) + s·(px, py) with the ecMul and ecAdd precompiles.
    function _mulAdd(uint256 x, uint256 y, uint256 px, uint256 py, uint256 s) private view returns (uint256, uint256) {
        uint256[4] memory buf;
        bool ok;
        assembly ("memory-safe") {
            mstore(buf, px)
            mstore(add(buf, 0x20), py)
            mstore(add(buf, 0x40), s)
            ok := staticcall(gas(), 7, buf, 0x60, add(buf, 0x40), 0x40)
            mstore(buf, x)
            mstore(add(buf, 0x20), y)
            ok := and(ok, staticcall(gas(), 6, buf, 0x80, buf, 0x40))
        }
        require(ok, "BatchVerifier: bad key");
        return (buf[0], buf[1]);
    }
`
  const warning = options.insecureDevSetup
    ? `// INSECURE DEV SETUP: the trusted setup used public beacon entropy only, so anyone can forge
// proofs this verifier accepts. contracts/deploy.ts refuses to deploy it outside the devnet
// (chain 31337) unless forced. Never use it with real value.
`
    : ''
  const insecureFlag = options.insecureDevSetup
    ? `
    /// @notice This key comes from the public-beacon dev ceremony: proofs can be forged.
    bool public constant INSECURE_DEV_SETUP = true;
`
    : ''

  return `// SPDX-License-Identifier: MIT
// Generated by contracts/generateVerifier.ts from circuits/artifacts/verification_key.json — do
// not edit; run \`npx tsx contracts/generateVerifier.ts\`. Batch Groth16 verification by a random
// linear combination (docs/PROTOCOL.md §7.4).
${warning}pragma solidity ^0.8.28;

import {IBatchVerifier} from "./interfaces/IBatchVerifier.sol";

/// @title ${name}
/// @notice Checks k proofs of the batch circuit with k + 3 pairings: Π e(ρ_i·A_i, B_i) ·
/// e(−(Σρ_i)·α, β) · e(−Σρ_i·L_i, γ) · e(−Σρ_i·C_i, δ) = 1, where L_i = IC0' + Σ_j x_ij·IC_j and the
/// weights ρ_i = (keccak256(t ‖ i) mod 2^128) + 1, t = keccak256(inputs ‖ proofs) (§7.4).
contract ${name} is IBatchVerifier {
    uint256 private constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    uint256 private constant Q = ${Q};
    uint256 private constant WEIGHT_MASK = (1 << 128) - 1;
    uint256 private constant PROOF_BYTES = 256;
${insecureFlag}
    /// @inheritdoc IBatchVerifier
    uint256 public constant inputsPerProof = ${perProof};

    uint256 private constant ALPHA_X = ${vk.vk_alpha_1[0]};
    uint256 private constant ALPHA_Y = ${vk.vk_alpha_1[1]};
    uint256 private constant BETA_X1 = ${betaX1};
    uint256 private constant BETA_X0 = ${betaX0};
    uint256 private constant BETA_Y1 = ${betaY1};
    uint256 private constant BETA_Y0 = ${betaY0};
    uint256 private constant GAMMA_X1 = ${gammaX1};
    uint256 private constant GAMMA_X0 = ${gammaX0};
    uint256 private constant GAMMA_Y1 = ${gammaY1};
    uint256 private constant GAMMA_Y0 = ${gammaY0};
    uint256 private constant DELTA_X1 = ${deltaX1};
    uint256 private constant DELTA_X0 = ${deltaX0};
    uint256 private constant DELTA_Y1 = ${deltaY1};
    uint256 private constant DELTA_Y0 = ${deltaY0};
    uint256 private constant IC_CONST_X = ${vk.IC[0]![0]};
    uint256 private constant IC_CONST_Y = ${vk.IC[0]![1]};
${icConstants}

    /// @inheritdoc IBatchVerifier
    uint256 public immutable chainId;
    /// @inheritdoc IBatchVerifier
    address public immutable rollup;
    uint256 private immutable ic0x;
    uint256 private immutable ic0y;

    constructor(uint256 chainId_, address rollup_) {
        require(chainId_ < R, "BatchVerifier: chainId >= r");
        chainId = chainId_;
        rollup = rollup_;
${foldCtor}
    }
${mulAdd}
    /// @inheritdoc IBatchVerifier
    function verify(uint256[] calldata inputs, uint256[8][] calldata proofs) external view returns (bool) {
        if (proofs.length == 0 || inputs.length != proofs.length * inputsPerProof) return false;
        // Immutables are not readable from assembly: park IC0' at the free memory pointer first.
        {
            uint256 c0x = ic0x;
            uint256 c0y = ic0y;
            assembly ("memory-safe") {
                let m := mload(0x40)
                mstore(m, c0x)
                mstore(add(m, 0x20), c0y)
            }
        }
        assembly {
            // Any precompile failure (a point not on the curve or not in the subgroup) is a rejection.
            function fail() {
                mstore(0, 0)
                return(0, 0x20)
            }
            function negate(p) {
                let y := mload(add(p, 0x20))
                if y { mstore(add(p, 0x20), sub(Q, y)) }
            }

            // Memory from mem: IC0' (2 words) | agg[inputsPerProof] | scratch (4) | accC (2) | seed (2) | pairs ((k + 3) × 6).
            let mem := add(mload(0x40), 0x40)
${transcript(seed)}

            for { let j := 0 } lt(j, ${perProof}) { j := add(j, 1) } { mstore(add(mem, mul(j, 0x20)), 0) }
            mstore(add(mem, ${accC}), 0)
            mstore(add(mem, ${accC + 32}), 0)

            let sumRho := 0
            for { let i := 0 } lt(i, proofs.length) { i := add(i, 1) } {
${weight(seed)}
                let scratch := add(mem, ${scratch})
                sumRho := add(sumRho, rho)
                let p := add(proofs.offset, mul(i, PROOF_BYTES))
                // pairs[i] = (rho·A_i, B_i)
                {
                    let slot := add(add(mem, ${pairs}), mul(i, 0xc0))
                    calldatacopy(scratch, p, 0x40)
                    mstore(add(scratch, 0x40), rho)
                    if iszero(staticcall(gas(), 7, scratch, 0x60, slot, 0x40)) { fail() }
                    calldatacopy(add(slot, 0x40), add(p, 0x40), 0x80)
                }
                // accC += rho·C_i
                calldatacopy(scratch, add(p, 0xc0), 0x40)
                mstore(add(scratch, 0x40), rho)
                if iszero(staticcall(gas(), 7, scratch, 0x60, add(scratch, 0x40), 0x40)) { fail() }
                mstore(scratch, mload(add(mem, ${accC})))
                mstore(add(scratch, 0x20), mload(add(mem, ${accC + 32})))
                if iszero(staticcall(gas(), 6, scratch, 0x80, add(mem, ${accC}), 0x40)) { fail() }
                // agg_j += rho·x_ij (mod r): the IC terms are shared, one ecMul per input per call.
                p := add(inputs.offset, mul(i, ${perProof * 32}))
                for { let j := 0 } lt(j, ${perProof}) { j := add(j, 1) } {
                    let v := calldataload(add(p, mul(j, 0x20)))
                    // A scalar v >= r acts as v - r in ecMul: every input must be a canonical field element.
                    if iszero(lt(v, R)) { fail() }
                    if v {
                        mstore(add(mem, mul(j, 0x20)), addmod(mload(add(mem, mul(j, 0x20))), mulmod(rho, v, R), R))
                    }
                }
            }

            let scratch := add(mem, ${scratch})
            // pairs[k] = (−(Σρ)·α, β)
            let slot := add(add(mem, ${pairs}), mul(proofs.length, 0xc0))
            mstore(scratch, ALPHA_X)
            mstore(add(scratch, 0x20), ALPHA_Y)
            mstore(add(scratch, 0x40), sumRho)
            if iszero(staticcall(gas(), 7, scratch, 0x60, slot, 0x40)) { fail() }
            negate(slot)
            mstore(add(slot, 0x40), BETA_X1)
            mstore(add(slot, 0x60), BETA_X0)
            mstore(add(slot, 0x80), BETA_Y1)
            mstore(add(slot, 0xa0), BETA_Y0)

            // pairs[k + 1] = (−Σρ_i·L_i, γ), Σρ_i·L_i = (Σρ)·IC0' + Σ_j agg_j·IC_j (zero aggregates skipped)
            slot := add(slot, 0xc0)
            mstore(scratch, mload(sub(mem, 0x40)))
            mstore(add(scratch, 0x20), mload(sub(mem, 0x20)))
            mstore(add(scratch, 0x40), sumRho)
            if iszero(staticcall(gas(), 7, scratch, 0x60, slot, 0x40)) { fail() }
            let s := 0
${icTerms}
            negate(slot)
            mstore(add(slot, 0x40), GAMMA_X1)
            mstore(add(slot, 0x60), GAMMA_X0)
            mstore(add(slot, 0x80), GAMMA_Y1)
            mstore(add(slot, 0xa0), GAMMA_Y0)

            // pairs[k + 2] = (−Σρ_i·C_i, δ)
            slot := add(slot, 0xc0)
            mstore(slot, mload(add(mem, ${accC})))
            mstore(add(slot, 0x20), mload(add(mem, ${accC + 32})))
            negate(slot)
            mstore(add(slot, 0x40), DELTA_X1)
            mstore(add(slot, 0x60), DELTA_X0)
            mstore(add(slot, 0x80), DELTA_Y1)
            mstore(add(slot, 0xa0), DELTA_Y0)

            // The precompile checks every G2 point is on the twist and in the order-r subgroup (EIP-197).
            if iszero(staticcall(gas(), 8, add(mem, ${pairs}), mul(add(proofs.length, 3), 0xc0), scratch, 0x20)) { fail() }
            mstore(0, mload(scratch))
            return(0, 0x20)
        }
    }

    /// @notice The weights ρ_0 … ρ_{k−1} \`verify\` derives for these arguments (same transcript code),
    /// so off-chain code can check it computes the same Fiat–Shamir challenge.
    function weights(uint256[] calldata inputs, uint256[8][] calldata proofs) external pure returns (uint256[] memory rhos) {
        rhos = new uint256[](proofs.length);
        assembly ("memory-safe") {
            let mem := mload(0x40)
${transcript(seed)}
            for { let i := 0 } lt(i, proofs.length) { i := add(i, 1) } {
${weight(seed)}
                mstore(add(add(rhos, 0x20), mul(i, 0x20)), rho)
            }
        }
    }
}
`
}

/** Reads the key (and whether the dev ceremony made it) and writes the verifier; returns its path. */
export function writeVerifier(paths: { verificationKey: string; manifest: string; output: string } = verifierPaths): string {
  writeFileSync(paths.output, expectedVerifierSource(paths))
  return paths.output
}

/** What `writeVerifier` would write for the committed key. */
export function expectedVerifierSource(paths: { verificationKey: string; manifest: string } = verifierPaths): string {
  const vk = JSON.parse(readFileSync(paths.verificationKey, 'utf8')) as VerificationKey
  const manifest = JSON.parse(readFileSync(paths.manifest, 'utf8')) as { beacon?: unknown }
  const folded = vk.nPublic > FOLDED_INPUTS ? FOLDED_INPUTS : 0
  return generateVerifierSource(vk, { foldedInputs: folded, insecureDevSetup: manifest.beacon !== undefined })
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) {
  try {
    console.log(`wrote ${writeVerifier()}`)
  } catch (err) {
    if (err instanceof VerifierGenerationError) {
      console.error(err.message)
      process.exit(1)
    }
    throw err
  }
}
