// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IBatchVerifier} from "./IBatchVerifier.sol";

/// @notice Lantern's rollup contract: account index registry, priority queue (L1 → L2), batch
/// sequencing (data on L1: "virtual"), batch verification (k Groth16 proofs in one pairing product:
/// "consolidated") and the escape hatch. Specified in docs/PROTOCOL.md §2.2, §5, §6, §7 and §8.
/// Amounts are in gwei.
interface IRollup {
    /// @notice What a prover submits per batch to verifyBatches: the roots its proof attests and the
    /// proof as [A.x, A.y, B.x1, B.x0, B.y1, B.y0, C.x, C.y] (snarkjs's Solidity calldata order).
    struct BatchProof {
        uint256 newStateRoot;
        uint256 exitRoot;
        uint256[8] proof;
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
    error Rollup__InvalidFieldElement(uint256 value);
    // --- sequencing ---
    error Rollup__NoBatches();
    /// @notice Record `batchIndex` of the call (0-based) is cut short or has more than BATCH_SLOTS slots.
    error Rollup__InvalidBatchLength(uint256 batchIndex, uint256 byteOffset);
    error Rollup__InvalidTransaction(uint256 batchIndex, uint256 slot);
    error Rollup__PriorityOpMismatch(uint256 batchIndex, uint256 slot);
    // --- verification ---
    error Rollup__BatchAlreadyVerified(uint64 batchNumber);
    error Rollup__BatchNotSequenced(uint64 batchNumber);
    error Rollup__NotACheckpoint(uint64 batchNumber);
    error Rollup__ProofCountMismatch(uint256 expected, uint256 given);
    error Rollup__BatchDataMismatch();
    error Rollup__InvalidProof();
    // --- escape hatch ---
    error Rollup__NoPendingPriorityOp();
    error Rollup__PriorityOpNotOverdue(uint64 opIndex, uint64 deadline);

    /// @notice `l1Address` received account index `accountIndex` (assigned in order from 1, forever).
    event AccountRegistered(address indexed l1Address, uint32 indexed accountIndex);

    /// @notice Priority op `opIndex` was queued; with the account index it is the op's whole preimage:
    /// opHash = keccak256(packed (17 B) ‖ l1Address ‖ pubAx ‖ pubAy), packed = opType + accountIndex·2^3 + amount·2^35.
    event PriorityOpQueued(
        uint64 indexed opIndex,
        address indexed l1Address,
        uint32 indexed accountIndex,
        uint8 opType,
        uint64 amount,
        uint256 pubAx,
        uint256 pubAy,
        uint64 deadline
    );

    /// @notice Batches `firstBatch..lastBatch` are virtual; their records are this call's calldata and
    /// `accInputHash` is the checkpoint A_lastBatch.
    event BatchesSequenced(uint64 indexed firstBatch, uint64 lastBatch, bytes32 accInputHash);

    /// @notice Batches `firstBatch..lastBatch` are consolidated; `stateRoot` is lastBatch's. Per-batch
    /// roots are in the call's calldata. `aggregator` submitted it (verification is permissionless).
    event BatchesVerified(uint64 indexed firstBatch, uint64 lastBatch, uint256 stateRoot, address indexed aggregator);

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

    /// @notice Trusted sequencer only: post one or more batch records back to back (§6.1).
    function sequenceBatches(bytes calldata batches) external;

    /// @notice Anyone: verify batches lastVerifiedBatch + 1 … lastBatch (a checkpoint) with one proof each.
    function verifyBatches(uint64 lastBatch, bytes calldata records, BatchProof[] calldata proofs) external;

    /// @notice Anyone, once the oldest priority op not consumed by a verified batch is past its deadline.
    function activateEscapeHatch() external;

    // --- reads ---

    function verifier() external view returns (IBatchVerifier);
    function sequencer() external view returns (address);
    function bridge() external view returns (address);
    function priorityDeadlineBlocks() external view returns (uint64);
    function provingBlocksPerBatch() external view returns (uint64);

    /// @notice Number of the last virtual batch (data on L1).
    function lastSequencedBatch() external view returns (uint64);
    /// @notice Number of the last consolidated batch (proof verified on L1).
    function lastVerifiedBatch() external view returns (uint64);
    /// @notice True once the escape hatch is active: no more sequencing or verification.
    function frozen() external view returns (bool);

    /// @notice The state root after lastVerifiedBatch (genesis: the empty tree's).
    function lastVerifiedStateRoot() external view returns (uint256);
    /// @notice Exit root of a verified batch (the empty exit tree's root if it had no exits); 0 otherwise.
    function exitRootOf(uint64 batchNumber) external view returns (uint256);
    /// @notice A_n if batch n ends a sequenceBatches call (or is genesis, 0), else 0.
    function accInputHashAt(uint64 batchNumber) external view returns (bytes32);

    function priorityOpCount() external view returns (uint64);
    /// @notice keccak256(packedOp (17 B) ‖ l1Address ‖ pubAx ‖ pubAy) of op k (§5.2); 0 past the queue.
    function opHash(uint64 opIndex) external view returns (bytes32);
    /// @notice Block after which op k, if no verified batch consumed it, opens the escape hatch (§5.4).
    function deadlineOf(uint64 opIndex) external view returns (uint64);
    /// @notice Ops [0, n) are consumed by sequenced batches.
    function sequencedPriorityOpsEnd() external view returns (uint64);
    /// @notice Ops [0, n) are consumed by verified batches (the rest are refundable once frozen).
    function verifiedPriorityOpsEnd() external view returns (uint64);

    /// @notice 0 if `l1Address` has no account index yet.
    function accountIndexOf(address l1Address) external view returns (uint32);
    function accountCount() external view returns (uint32);
}
