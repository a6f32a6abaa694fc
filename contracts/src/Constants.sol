// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// Protocol parameters shared by the Rollup, the Bridge and the verifier (docs/PROTOCOL.md §1, §4,
// §6, §7.1). File-level constants rather than a library's, because only these may size the fixed
// arrays of a signature.
// BN254 scalar field modulus r: every public input and every value hashed with Poseidon is below it.
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
// A priority slot's op data in a batch record (§5.1): l1Address (20) ‖ pubAx (32) ‖ pubAy (32).
uint256 constant OP_DATA_BYTES = 84;
// A batch record's header (§6.1): feeAccountIndex (uint16) ‖ slotCount (uint8).
uint256 constant RECORD_HEADER_BYTES = 3;

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

// §7.1: 7 + 4·BATCH_SLOTS public inputs; chainId and rollupAddress (0 and 1) are folded into the
// verifier's key at deployment, so a proof is checked against the other 21, in this order.
uint256 constant PUBLIC_INPUTS = 7 + 4 * BATCH_SLOTS;
uint256 constant INPUTS_PER_PROOF = PUBLIC_INPUTS - 2;
uint256 constant IN_BATCH_NUMBER = 0;
uint256 constant IN_FEE_ACCOUNT = 1;
uint256 constant IN_OLD_STATE_ROOT = 2;
uint256 constant IN_NEW_STATE_ROOT = 3;
uint256 constant IN_EXIT_ROOT = 4;
uint256 constant IN_TX = 5;
uint256 constant IN_OP_ADDRESS = IN_TX + BATCH_SLOTS;
uint256 constant IN_OP_PUBAX = IN_OP_ADDRESS + BATCH_SLOTS;
uint256 constant IN_OP_PUBAY = IN_OP_PUBAX + BATCH_SLOTS;

// Roots of empty trees (§2.2, §6.2), so that no Poseidon runs on the Rollup: the genesis state root
// Z[16] and the exit root of a batch without exits. contracts/test/queue.test.ts checks both against
// src/protocol.
uint256 constant GENESIS_STATE_ROOT =
    8144678768941177095525163974477157099356463889915471595526943966134160731398;
uint256 constant EMPTY_EXIT_ROOT =
    7423237065226347324353380772367382631490014989348495481811164164159255474657;
