// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IBatchVerifier} from "./IBatchVerifier.sol";

/// @notice Lantern's rollup contract: account index registry, priority queue (L1 → L2), batch
/// sequencing (data on L1: "virtual"), batch verification (Groth16 proof checked: "consolidated") and
/// the escape hatch. Specified in docs/PROTOCOL.md §2.2, §5, §6 and §7.1. Amounts are in gwei.
interface IRollup {
    /// @notice One batch as posted by the sequencer: up to BATCH_SLOTS packed transactions of 17 bytes.
    struct BatchData {
        bytes txs;
        uint32 feeAccountIndex;
    }

    /// @notice A Groth16 proof as snarkjs exports it (`b` already in the verifier's coordinate order).
    struct Proof {
        uint256[2] a;
        uint256[2][2] b;
        uint256[2] c;
    }

    /// @notice What L1 keeps per batch. `stateRoot`/`exitRoot` are 0 until the batch is verified
    /// (batch 0 is genesis: the empty tree's root, verified by construction).
    struct Batch {
        bytes32 accInputHash;
        uint256 dataCommitment;
        uint256 stateRoot;
        uint256 exitRoot;
        uint64 priorityOpsEnd;
        uint32 feeAccountIndex;
        uint64 sequencedAtBlock;
        uint64 verifiedAtBlock;
    }

    /// @notice One queued priority operation. `chainHash` is P[opIndex + 1] (§5.2).
    struct PriorityOp {
        uint256 chainHash;
        uint136 packed;
        uint64 deadline;
    }

    // --- roles ---
    error Rollup__NotSequencer();
    error Rollup__NotBridge();
    // --- construction ---
    error Rollup__InvalidConfig();
    // --- frozen mode ---
    error Rollup__Frozen();
    // --- priority queue and registry ---
    error Rollup__ZeroAddress();
    error Rollup__ZeroKey();
    error Rollup__AmountTooLarge(uint256 amount);
    error Rollup__AccountTreeFull();
    error Rollup__UnknownAccount(address l1Address);
    // --- sequencing ---
    error Rollup__NoBatches();
    error Rollup__InvalidBatchLength(uint256 batchOffset, uint256 length);
    error Rollup__InvalidFeeAccount(uint256 batchOffset, uint256 feeAccountIndex);
    error Rollup__InvalidTransaction(uint256 batchOffset, uint256 slot);
    error Rollup__PriorityOpMismatch(uint256 batchOffset, uint256 slot);
    // --- verification ---
    error Rollup__BatchAlreadyVerified(uint64 batchNumber);
    error Rollup__BatchNotSequenced(uint64 batchNumber);
    error Rollup__BatchOutOfOrder(uint64 batchNumber, uint64 expected);
    error Rollup__InvalidFieldElement(uint256 value);
    error Rollup__InvalidProof();
    // --- escape hatch ---
    error Rollup__NoPendingPriorityOp();
    error Rollup__PriorityOpNotOverdue(uint64 opIndex, uint64 deadline);

    /// @notice `l1Address` received account index `accountIndex` (assigned in order from 1, forever).
    event AccountRegistered(address indexed l1Address, uint32 indexed accountIndex);

    /// @notice Priority op `opIndex` was queued; everything needed to rebuild it and P[opIndex + 1].
    /// `packed = opType + accountIndex·2^3 + amount·2^35`.
    event PriorityOpQueued(
        uint64 indexed opIndex,
        address indexed l1Address,
        uint32 indexed accountIndex,
        uint8 opType,
        uint64 amount,
        uint256 pubAx,
        uint256 pubAy,
        uint256 chainHash,
        uint64 deadline
    );

    /// @notice Batch `batchNumber` is virtual: its transactions are on L1. `txs` repeats the calldata so
    /// a light client can follow batches with eth_getLogs alone (also when the sequencer is a contract).
    event BatchSequenced(
        uint64 indexed batchNumber,
        bytes32 accInputHash,
        uint256 dataCommitment,
        uint64 priorityOpsEnd,
        uint32 feeAccountIndex,
        bytes txs
    );

    /// @notice Batch `batchNumber` is consolidated: its proof verified against the public input this
    /// contract recomputed. `aggregator` is whoever submitted it (verification is permissionless).
    event BatchVerified(uint64 indexed batchNumber, uint256 stateRoot, uint256 exitRoot, address indexed aggregator);

    /// @notice The rollup is frozen for good because priority op `overdueOpIndex` passed its deadline
    /// without a verified batch consuming it. Escapes prove against `stateRoot` of `lastVerifiedBatch`.
    event EscapeHatchActivated(uint64 indexed overdueOpIndex, uint64 lastVerifiedBatch, uint256 stateRoot);

    // --- writes ---

    /// @notice Queue a REGISTER_KEY op for msg.sender (the trustless way to set or reset an L2 key).
    function registerKey(uint256 pubAx, uint256 pubAy) external returns (uint64 opIndex);

    /// @notice Queue a FORCED_EXIT of msg.sender's whole L2 balance (claimable from the batch's exit root).
    function forcedExit() external returns (uint64 opIndex);

    /// @notice Bridge only: queue a DEPOSIT of `amount` gwei to `recipient` (or REGISTER_KEY when amount is 0).
    function enqueueDeposit(address recipient, uint64 amount, uint256 pubAx, uint256 pubAy)
        external
        returns (uint64 opIndex);

    /// @notice Trusted sequencer only: post batches (they become virtual).
    function sequenceBatches(BatchData[] calldata batches) external;

    /// @notice Anyone: verify the next batch with a Groth16 proof; stores its state and exit roots.
    function verifyBatch(uint64 batchNumber, uint256 newStateRoot, uint256 exitRoot, Proof calldata proof) external;

    /// @notice Anyone, once the oldest priority op not consumed by a verified batch is past its deadline.
    function activateEscapeHatch() external;

    // --- reads ---

    function verifier() external view returns (IBatchVerifier);
    function sequencer() external view returns (address);
    function bridge() external view returns (address);
    function priorityDeadlineBlocks() external view returns (uint64);

    /// @notice Number of the last virtual batch (data on L1).
    function lastSequencedBatch() external view returns (uint64);
    /// @notice Number of the last consolidated batch (proof verified on L1).
    function lastVerifiedBatch() external view returns (uint64);
    /// @notice True once the escape hatch is active: no more sequencing or verification.
    function frozen() external view returns (bool);

    function getBatch(uint64 batchNumber) external view returns (Batch memory);
    function lastVerifiedStateRoot() external view returns (uint256);
    function exitRootOf(uint64 batchNumber) external view returns (uint256);

    function priorityOpCount() external view returns (uint64);
    function getPriorityOp(uint64 opIndex) external view returns (PriorityOp memory);
    /// @notice P[k] of §5.2 for k in [0, priorityOpCount()].
    function priorityHash(uint64 k) external view returns (uint256);
    /// @notice Ops [0, n) are consumed by sequenced batches.
    function sequencedPriorityOpsEnd() external view returns (uint64);
    /// @notice Ops [0, n) are consumed by verified batches (the rest are refundable once frozen).
    function verifiedPriorityOpsEnd() external view returns (uint64);

    /// @notice 0 if `l1Address` has no account index yet.
    function accountIndexOf(address l1Address) external view returns (uint32);
    function accountCount() external view returns (uint32);

    /// @notice The public input verifyBatch would check for these roots (meaningful when batchNumber - 1
    /// is verified): lets provers and light clients check that they hash exactly what L1 hashes.
    function publicInput(uint64 batchNumber, uint256 newStateRoot, uint256 exitRoot) external view returns (uint256);
}
