// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// Protocol parameters shared by the Rollup and the Bridge (docs/PROTOCOL.md §1, §4). File-level
// constants rather than a library's, because only these may size the fixed arrays of a signature.
// BN254 scalar field modulus r: every value hashed with Poseidon must be below it.
uint256 constant SNARK_SCALAR_FIELD =
    21888242871839275222246405745257275088548364400416034343698204186575808495617;

uint256 constant ACCOUNT_TREE_DEPTH = 16;
uint256 constant EXIT_TREE_DEPTH = 2;
uint256 constant BATCH_SLOTS = 4;

// Account indices are 16-bit; index 0 is never assigned.
uint256 constant MAX_ACCOUNT_INDEX = (1 << 16) - 1;
// Amounts and balances are below 2^64 gwei.
uint256 constant AMOUNT_LIMIT = 1 << 64;

// One packed transaction in calldata: 17 bytes, big-endian, bits 131..135 zero.
uint256 constant PACKED_TX_BYTES = 17;
uint256 constant PACKED_TX_BITS = 131;

uint256 constant TX_NOOP = 0;
uint256 constant TX_TRANSFER = 1;
uint256 constant TX_WITHDRAW = 2;
uint256 constant TX_DEPOSIT = 3;
uint256 constant TX_REGISTER_KEY = 4;
uint256 constant TX_FORCED_EXIT = 5;

// §4.2: packed = type + fromIndex·2^3 + toIndex·2^19 + amount·2^35 + fee·2^99.
uint256 constant FROM_SHIFT = 3;
uint256 constant TO_SHIFT = 19;
uint256 constant AMOUNT_SHIFT = 35;
uint256 constant FEE_SHIFT = 99;
