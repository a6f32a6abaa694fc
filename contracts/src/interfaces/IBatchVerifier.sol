// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Checks k Groth16 proofs of the batch circuit with one pairing product (docs/PROTOCOL.md
/// §7.4). Generated from the verification key by contracts/generateVerifier.ts; chainId and the
/// Rollup address (public inputs 0 and 1) are folded into the key's constant term at deployment.
interface IBatchVerifier {
    /// @notice The chain id folded into the key: proofs verify only for this chain.
    function chainId() external view returns (uint256);
    /// @notice The Rollup address folded into the key: proofs verify only for this Rollup.
    function rollup() external view returns (address);
    /// @notice Public inputs per proof the caller passes (the circuit's, minus the two folded ones).
    function inputsPerProof() external view returns (uint256);

    /// @notice True iff every proof i (A.x, A.y, B.x1, B.x0, B.y1, B.y0, C.x, C.y) verifies for inputs
    /// [i·inputsPerProof(), (i+1)·inputsPerProof()). False for an input >= r or a wrong count; reverts
    /// only for points the precompiles refuse (not on the curve or not in the subgroup).
    function verify(uint256[] calldata inputs, uint256[8][] calldata proofs) external view returns (bool);
}
