// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The Groth16 verifier snarkjs generates for the batch circuit (contracts/src/BatchVerifier.sol,
/// written by the dev ceremony in circuits/). Its single public input is the batch's publicInputHash
/// (docs/PROTOCOL.md §7.1). It returns false, rather than reverting, for a wrong proof or an input >= r.
interface IBatchVerifier {
    function verifyProof(
        uint256[2] calldata a,
        uint256[2][2] calldata b,
        uint256[2] calldata c,
        uint256[1] calldata pubSignals
    ) external view returns (bool);
}
