// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IRollup} from "./interfaces/IRollup.sol";
import {IBatchVerifier} from "./interfaces/IBatchVerifier.sol";
import "./Constants.sol" as Lantern;
import {Bridge} from "./Bridge.sol";

/// @title Lantern Rollup
/// @notice The L1 side of Lantern's state: who owns which account index, the priority queue, which
/// batches are virtual (sequenced) and which are consolidated (verified), and the escape hatch.
/// It holds no ETH: the Bridge it deploys does, and asks this contract for roots and the queue.
/// No Poseidon runs here (docs/PROTOCOL.md §5.2, §7.1): ops are bound by keccak op hashes, batches by
/// a keccak accumulated input hash, and proofs take the batch's data as public inputs.
///
/// Roles: the trusted `sequencer` posts batches; the `bridge` queues deposits; anyone may verify
/// sequenced batches with proofs, queue its own key registration or forced exit, and activate the
/// escape hatch once a priority op is overdue. There is no owner, no upgrade and no pause.
contract Rollup is IRollup {
    uint256 public constant ACCOUNT_TREE_DEPTH = Lantern.ACCOUNT_TREE_DEPTH;
    uint256 public constant EXIT_TREE_DEPTH = Lantern.EXIT_TREE_DEPTH;
    uint256 public constant BATCH_SLOTS = Lantern.BATCH_SLOTS;

    IBatchVerifier public immutable verifier;
    address public immutable sequencer;
    address public immutable bridge;
    uint64 public immutable priorityDeadlineBlocks;
    uint64 public immutable provingBlocksPerBatch;

    // One word: what sequencing and verification read and write on every call.
    uint64 public lastSequencedBatch;
    uint64 public lastVerifiedBatch;
    uint32 public accountCount;
    bool public frozen;

    // One word: the queue's counters and the last deadline handed out (what an enqueue reads and writes).
    uint64 public priorityOpCount;
    uint64 public sequencedPriorityOpsEnd;
    uint64 public verifiedPriorityOpsEnd;
    uint64 internal _lastDeadline;

    uint256 public lastVerifiedStateRoot;

    mapping(address l1Address => uint32 accountIndex) public accountIndexOf;
    mapping(uint256 opIndex => bytes32) internal _opHashes;
    /// @dev Four uint64 deadlines per word: op k is bits 64·(k % 4) … of word k / 4.
    mapping(uint256 word => uint256) internal _deadlines;
    /// @dev A_n for the last batch of each sequenceBatches call (§6.1); 0 elsewhere. A_0 = 0.
    mapping(uint64 batchNumber => bytes32) public accInputHashAt;
    /// @dev Exit roots of verified batches, written only when not the empty exit tree's root.
    mapping(uint64 batchNumber => uint256) internal _exitRoots;

    modifier notFrozen() {
        if (frozen) revert Rollup__Frozen();
        _;
    }

    /// @param verifier_ the batch verifier, bound to this chain and this Rollup's (future) address
    /// @param sequencer_ the only address allowed to call sequenceBatches
    /// @param priorityDeadlineBlocks_ latency given to a priority op on an empty queue (§5.4)
    /// @param provingBlocksPerBatch_ L1 blocks the system needs per batch at its proving rate (§5.4)
    constructor(
        IBatchVerifier verifier_,
        address sequencer_,
        uint64 priorityDeadlineBlocks_,
        uint64 provingBlocksPerBatch_
    ) {
        if (
            address(verifier_).code.length == 0 || sequencer_ == address(0) || priorityDeadlineBlocks_ == 0
                || provingBlocksPerBatch_ == 0
        ) {
            revert Rollup__InvalidConfig();
        }
        // The verifier folds chain id and rollup address into its key (§7.1): one bound to another
        // chain, another Rollup or another circuit would reject every proof, or accept foreign ones.
        if (
            verifier_.chainId() != block.chainid || verifier_.rollup() != address(this)
                || verifier_.inputsPerProof() != Lantern.INPUTS_PER_PROOF
        ) {
            revert Rollup__InvalidConfig();
        }
        verifier = verifier_;
        sequencer = sequencer_;
        priorityDeadlineBlocks = priorityDeadlineBlocks_;
        provingBlocksPerBatch = provingBlocksPerBatch_;
        // The Bridge is created here so the pair is wired atomically: no initialiser anyone could call first.
        bridge = address(new Bridge());
        // Batch 0 is genesis: the empty account tree (§2.2), A_0 = 0.
        lastVerifiedStateRoot = Lantern.GENESIS_STATE_ROOT;
    }

    // ---------------------------------------------------------------------------------------------
    // Priority queue (§5.1, §5.2, §5.4)
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IRollup
    function registerKey(uint256 pubAx, uint256 pubAy) external notFrozen returns (uint64) {
        if (pubAx == 0 && pubAy == 0) revert Rollup__ZeroKey();
        uint32 accountIndex = _accountIndexOrAssign(msg.sender);
        return _enqueue(Lantern.TX_REGISTER_KEY, accountIndex, msg.sender, 0, pubAx, pubAy);
    }

    /// @inheritdoc IRollup
    function forcedExit() external notFrozen returns (uint64) {
        // Only an address that already has an index: a forced exit of a leaf nobody owns could never be
        // proven (§5.3), and would let anyone stall the rollup into the escape hatch. The op that
        // assigned the index precedes this one in the queue, so the leaf exists when this is processed.
        uint32 accountIndex = accountIndexOf[msg.sender];
        if (accountIndex == 0) revert Rollup__UnknownAccount(msg.sender);
        return _enqueue(Lantern.TX_FORCED_EXIT, accountIndex, msg.sender, 0, 0, 0);
    }

    /// @inheritdoc IRollup
    function enqueueDeposit(address recipient, uint64 amount, uint256 pubAx, uint256 pubAy)
        external
        notFrozen
        returns (uint64)
    {
        if (msg.sender != bridge) revert Rollup__NotBridge();
        if (recipient == address(0)) revert Rollup__ZeroAddress();
        // A zero-value deposit carries a key (the Bridge checks it): that is exactly a REGISTER_KEY.
        uint256 opType = amount == 0 ? Lantern.TX_REGISTER_KEY : Lantern.TX_DEPOSIT;
        if (amount == 0 && pubAx == 0 && pubAy == 0) revert Rollup__ZeroKey();
        uint32 accountIndex = _accountIndexOrAssign(recipient);
        return _enqueue(opType, accountIndex, recipient, amount, pubAx, pubAy);
    }

    function _accountIndexOrAssign(address l1Address) internal returns (uint32 accountIndex) {
        accountIndex = accountIndexOf[l1Address];
        if (accountIndex != 0) return accountIndex;
        if (accountCount == Lantern.MAX_ACCOUNT_INDEX) revert Rollup__AccountTreeFull();
        accountIndex = ++accountCount;
        accountIndexOf[l1Address] = accountIndex;
        emit AccountRegistered(l1Address, accountIndex);
    }

    function _enqueue(
        uint256 opType,
        uint32 accountIndex,
        address l1Address,
        uint256 amount,
        uint256 pubAx,
        uint256 pubAy
    ) internal returns (uint64 opIndex) {
        if (amount >= Lantern.AMOUNT_LIMIT) revert Rollup__AmountTooLarge(amount);
        // Keys become public inputs of the proof (§7.1), where k and k + r are the same field element:
        // they must be canonical, or one op would have two encodings.
        if (pubAx >= Lantern.SNARK_SCALAR_FIELD) revert Rollup__InvalidFieldElement(pubAx);
        if (pubAy >= Lantern.SNARK_SCALAR_FIELD) revert Rollup__InvalidFieldElement(pubAy);

        uint256 packed = opType | (uint256(accountIndex) << Lantern.FROM_SHIFT) | (amount << Lantern.AMOUNT_SHIFT);
        opIndex = priorityOpCount;
        uint64 deadline = _nextDeadline(opIndex);
        _opHashes[opIndex] = keccak256(abi.encodePacked(uint136(packed), l1Address, pubAx, pubAy));
        _deadlines[opIndex >> 2] |= uint256(deadline) << ((uint256(opIndex) & 3) * 64);
        priorityOpCount = opIndex + 1;
        _lastDeadline = deadline;
        emit PriorityOpQueued(opIndex, l1Address, accountIndex, uint8(opType), uint64(amount), pubAx, pubAy, deadline);
    }

    /// @dev §5.4: op `opIndex` waits behind the unverified backlog; a live prover needs one batch every
    /// provingBlocksPerBatch blocks to reach it, so that is added to the base latency. Deadlines never
    /// decrease, so the oldest pending op is always the first that can be overdue.
    function _nextDeadline(uint64 opIndex) private view returns (uint64) {
        uint256 batchesAhead = (uint256(opIndex) - verifiedPriorityOpsEnd + Lantern.BATCH_SLOTS) / Lantern.BATCH_SLOTS;
        uint256 deadline = block.number + priorityDeadlineBlocks + batchesAhead * provingBlocksPerBatch;
        uint256 last = _lastDeadline;
        return uint64(deadline < last ? last : deadline);
    }

    // ---------------------------------------------------------------------------------------------
    // Sequencing (§6.1)
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IRollup
    function sequenceBatches(bytes calldata batches) external notFrozen {
        if (msg.sender != sequencer) revert Rollup__NotSequencer();
        if (batches.length == 0) revert Rollup__NoBatches();

        uint64 first = lastSequencedBatch + 1;
        bytes32 acc = accInputHashAt[first - 1];
        uint256 opStart = sequencedPriorityOpsEnd;
        uint256 nextOp = opStart;
        uint256 opCount = priorityOpCount;
        uint256 offset;
        uint256 b;
        while (offset < batches.length) {
            uint256 end;
            (end, nextOp) = _checkRecord(batches, offset, b, nextOp, opCount);
            acc = _chain(acc, batches, offset, end);
            offset = end;
            ++b;
        }

        uint64 last = first + uint64(b) - 1;
        accInputHashAt[last] = acc;
        lastSequencedBatch = last;
        if (nextOp != opStart) sequencedPriorityOpsEnd = uint64(nextOp);
        emit BatchesSequenced(first, last, acc);
    }

    /// @dev Validates record `b` starting at `offset` (§6.1 steps 1 and 2); returns where it ends and
    /// the next unconsumed op.
    function _checkRecord(bytes calldata batches, uint256 offset, uint256 b, uint256 nextOp, uint256 opCount)
        private
        view
        returns (uint256 end, uint256)
    {
        (uint256 slotCount, uint256 slotsStart) = _header(batches, offset, b);
        uint256 opData = slotsStart + slotCount * Lantern.PACKED_TX_BYTES;
        if (opData > batches.length) revert Rollup__InvalidBatchLength(b, offset);
        for (uint256 j; j < slotCount; ++j) {
            uint256 packed = _loadPacked(batches, slotsStart + j * Lantern.PACKED_TX_BYTES);
            uint256 txType = _checkSlot(packed, b, j);
            if (txType >= Lantern.TX_DEPOSIT) {
                if (opData + Lantern.OP_DATA_BYTES > batches.length) revert Rollup__InvalidBatchLength(b, offset);
                // A priority slot must be the next unconsumed op, exactly, with exactly its op data: this
                // stops a batch that skips, reorders, alters or invents one (§5.2).
                if (nextOp >= opCount || _opHashOfSlot(batches, packed, opData) != _opHashes[nextOp]) {
                    revert Rollup__PriorityOpMismatch(b, j);
                }
                ++nextOp;
                opData += Lantern.OP_DATA_BYTES;
            }
        }
        return (opData, nextOp);
    }

    /// @dev Record header at `offset`: slot count (≤ BATCH_SLOTS) and where the slots start.
    function _header(bytes calldata data, uint256 offset, uint256 b)
        private
        pure
        returns (uint256 slotCount, uint256 slotsStart)
    {
        slotsStart = offset + Lantern.RECORD_HEADER_BYTES;
        if (slotsStart > data.length) revert Rollup__InvalidBatchLength(b, offset);
        assembly ("memory-safe") {
            slotCount := byte(2, calldataload(add(data.offset, offset)))
        }
        if (slotCount > Lantern.BATCH_SLOTS) revert Rollup__InvalidBatchLength(b, offset);
    }

    /// @dev The 17 bytes at `at` as a 136-bit big-endian integer (the 15 bytes read past them are shifted out).
    function _loadPacked(bytes calldata data, uint256 at) private pure returns (uint256 packed) {
        assembly ("memory-safe") {
            packed := shr(120, calldataload(add(data.offset, at)))
        }
    }

    /// @dev keccak256(packed (17 B) ‖ the 84 bytes of op data at `at`): the op hash this slot claims (§5.2).
    function _opHashOfSlot(bytes calldata data, uint256 packed, uint256 at) private pure returns (bytes32 hash) {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, shl(120, packed))
            calldatacopy(add(ptr, 17), add(data.offset, at), 84)
            hash := keccak256(ptr, 101)
        }
    }

    /// @dev A_n = keccak256(A_{n−1} ‖ record_n), the record being data[start, end).
    function _chain(bytes32 acc, bytes calldata data, uint256 start, uint256 end) private pure returns (bytes32 next) {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, acc)
            let len := sub(end, start)
            calldatacopy(add(ptr, 32), add(data.offset, start), len)
            next := keccak256(ptr, add(32, len))
        }
    }

    /// @dev §4.2: the type must exist, bits 131..135 be zero and the fields be canonical for the type.
    /// Priority slots are canonical by construction (they must match a queued op), so only the
    /// L2 and padding types need checking here. Returns the type.
    function _checkSlot(uint256 packed, uint256 b, uint256 j) private pure returns (uint256 txType) {
        txType = packed & 7;
        if (packed >> Lantern.PACKED_TX_BITS != 0 || txType > Lantern.TX_FORCED_EXIT) {
            revert Rollup__InvalidTransaction(b, j);
        }
        if (txType == Lantern.TX_NOOP && packed != 0) revert Rollup__InvalidTransaction(b, j);
        if (txType == Lantern.TX_WITHDRAW && (packed >> Lantern.TO_SHIFT) & 0xffff != 0) {
            revert Rollup__InvalidTransaction(b, j);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Verification (§7.1, §7.4, §8)
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IRollup
    function verifyBatches(uint64 lastBatch, bytes calldata records, BatchProof[] calldata proofs)
        external
        notFrozen
    {
        uint64 last = lastVerifiedBatch;
        // Each batch once: a re-randomised (malleated) Groth16 proof of a verified batch is refused here.
        if (lastBatch <= last) revert Rollup__BatchAlreadyVerified(lastBatch);
        if (lastBatch > lastSequencedBatch) revert Rollup__BatchNotSequenced(lastBatch);
        bytes32 target = accInputHashAt[lastBatch];
        if (target == 0) revert Rollup__NotACheckpoint(lastBatch);
        uint256 k = lastBatch - last;
        if (proofs.length != k) revert Rollup__ProofCountMismatch(k, proofs.length);

        // The verifier's calldata is built in place: verify(uint256[] inputs, uint256[8][] proofs), the
        // inputs written straight into it and the proof words copied from this call's calldata, so
        // nothing is encoded twice.
        (bytes memory payload, uint256 inputsPtr) = _verifierCall(proofs);
        Cursor memory c = Cursor({offset: 0, ops: 0, acc: accInputHashAt[last], root: lastVerifiedStateRoot});
        for (uint256 i; i < k; ++i) {
            _collect(records, proofs[i], c, inputsPtr, i, last + 1 + i);
        }
        // The records must be exactly those sequenced: the same chain from checkpoint to checkpoint.
        if (c.offset != records.length || c.acc != target) revert Rollup__BatchDataMismatch();
        if (!_verify(payload)) revert Rollup__InvalidProof();

        lastVerifiedBatch = lastBatch;
        lastVerifiedStateRoot = c.root;
        if (c.ops != 0) verifiedPriorityOpsEnd += uint64(c.ops);
        emit BatchesVerified(last + 1, lastBatch, c.root, msg.sender);
    }

    /// @dev Where verifyBatches is in its records, and what it has accumulated so far.
    struct Cursor {
        uint256 offset;
        uint256 ops;
        bytes32 acc;
        uint256 root;
    }

    /// @dev Batch `batchNumber` (the i-th of the call): its public inputs (§7.1) from the cursor's root,
    /// the submitted roots and its record; extends the chain and stores a non-empty exit root.
    function _collect(
        bytes calldata records,
        BatchProof calldata p,
        Cursor memory c,
        uint256 inputsPtr,
        uint256 i,
        uint256 batchNumber
    ) private {
        uint256 newRoot = p.newStateRoot;
        uint256 exitRoot = p.exitRoot;
        // Public inputs are field elements: a scalar v ≥ r would act as v − r in the pairing check.
        if (newRoot >= Lantern.SNARK_SCALAR_FIELD) revert Rollup__InvalidFieldElement(newRoot);
        if (exitRoot >= Lantern.SNARK_SCALAR_FIELD) revert Rollup__InvalidFieldElement(exitRoot);
        uint256 base = i * Lantern.INPUTS_PER_PROOF;
        _put(inputsPtr, base + Lantern.IN_BATCH_NUMBER, batchNumber);
        _put(inputsPtr, base + Lantern.IN_OLD_STATE_ROOT, c.root);
        _put(inputsPtr, base + Lantern.IN_NEW_STATE_ROOT, newRoot);
        _put(inputsPtr, base + Lantern.IN_EXIT_ROOT, exitRoot);
        (uint256 end, uint256 ops) = _recordInputs(records, c.offset, inputsPtr, base);
        c.ops += ops;
        c.acc = _chain(c.acc, records, c.offset, end);
        c.offset = end;
        c.root = newRoot;
        if (exitRoot != Lantern.EMPTY_EXIT_ROOT) _exitRoots[uint64(batchNumber)] = exitRoot;
    }

    /// @dev Writes a record's fee account, slots and op data into its proof's public inputs (§7.1) in the
    /// verifier call;
    /// returns where the record ends and how many priority slots it has. The record is bound to what
    /// was sequenced (and so validated) by the accumulated input hash the caller checks afterwards;
    /// the bounds here only keep a forged record from writing past its proof's inputs first.
    function _recordInputs(bytes calldata records, uint256 offset, uint256 inputsPtr, uint256 base)
        private
        pure
        returns (uint256 end, uint256 ops)
    {
        uint256 header;
        assembly ("memory-safe") {
            header := shr(232, calldataload(add(records.offset, offset)))
        }
        uint256 slotCount = header & 0xff;
        if (slotCount > Lantern.BATCH_SLOTS || offset + Lantern.RECORD_HEADER_BYTES > records.length) {
            revert Rollup__BatchDataMismatch();
        }
        _put(inputsPtr, base + Lantern.IN_FEE_ACCOUNT, header >> 8);
        uint256 at = offset + Lantern.RECORD_HEADER_BYTES;
        end = at + slotCount * Lantern.PACKED_TX_BYTES;
        for (uint256 j; j < slotCount; ++j) {
            uint256 packed = _loadPacked(records, at + j * Lantern.PACKED_TX_BYTES);
            _put(inputsPtr, base + Lantern.IN_TX + j, packed);
            if (packed & 7 >= Lantern.TX_DEPOSIT) {
                uint256 l1Address;
                uint256 pubAx;
                uint256 pubAy;
                assembly ("memory-safe") {
                    let p := add(records.offset, end)
                    l1Address := shr(96, calldataload(p))
                    pubAx := calldataload(add(p, 20))
                    pubAy := calldataload(add(p, 52))
                }
                _put(inputsPtr, base + Lantern.IN_OP_ADDRESS + j, l1Address);
                _put(inputsPtr, base + Lantern.IN_OP_PUBAX + j, pubAx);
                _put(inputsPtr, base + Lantern.IN_OP_PUBAY + j, pubAy);
                end += Lantern.OP_DATA_BYTES;
                ++ops;
            }
        }
        if (end > records.length) revert Rollup__BatchDataMismatch();
    }

    /// @dev ABI calldata of IBatchVerifier.verify with zeroed inputs and the proofs' words; returns it and
    /// where inputs[0] is in memory.
    function _verifierCall(BatchProof[] calldata proofs) private pure returns (bytes memory payload, uint256 inputsPtr) {
        uint256 k = proofs.length;
        uint256 n = k * Lantern.INPUTS_PER_PROOF;
        // selector | offset of inputs | offset of proofs | inputs.length | inputs | proofs.length | proofs
        payload = new bytes(4 + 32 * 3 + n * 32 + 32 + k * 256);
        bytes4 selector = IBatchVerifier.verify.selector;
        assembly ("memory-safe") {
            let p := add(payload, 0x20)
            mstore(p, selector)
            mstore(add(p, 4), 0x40)
            mstore(add(p, 36), add(0x60, mul(n, 0x20)))
            mstore(add(p, 68), n)
            inputsPtr := add(p, 100)
            let proofsAt := add(inputsPtr, mul(n, 0x20))
            mstore(proofsAt, k)
            // BatchProof = (newStateRoot, exitRoot, proof[8]): the 8 words start 64 bytes into each 320.
            for { let i := 0 } lt(i, k) { i := add(i, 1) } {
                calldatacopy(add(add(proofsAt, 0x20), mul(i, 0x100)), add(add(proofs.offset, mul(i, 0x140)), 0x40), 0x100)
            }
        }
    }

    /// @dev inputs[index] = value in the verifier call being built (index < k · INPUTS_PER_PROOF by construction).
    function _put(uint256 inputsPtr, uint256 index, uint256 value) private pure {
        assembly ("memory-safe") {
            mstore(add(inputsPtr, mul(index, 0x20)), value)
        }
    }

    /// @dev The verifier's answer; one that reverts or answers anything but true counts as a rejection.
    function _verify(bytes memory payload) private view returns (bool) {
        (bool ok, bytes memory ret) = address(verifier).staticcall(payload);
        return ok && ret.length == 32 && abi.decode(ret, (uint256)) == 1;
    }

    // ---------------------------------------------------------------------------------------------
    // Escape hatch (§5.4)
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IRollup
    function activateEscapeHatch() external notFrozen {
        // Ops are consumed in queue order and deadlines never decrease, so the oldest op no verified
        // batch has consumed is the first one that can be overdue.
        uint64 opIndex = verifiedPriorityOpsEnd;
        if (opIndex >= priorityOpCount) revert Rollup__NoPendingPriorityOp();
        uint64 deadline = _deadlineOf(opIndex);
        if (block.number <= deadline) revert Rollup__PriorityOpNotOverdue(opIndex, deadline);
        frozen = true;
        emit EscapeHatchActivated(opIndex, lastVerifiedBatch, lastVerifiedStateRoot);
    }

    // ---------------------------------------------------------------------------------------------
    // Reads
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IRollup
    function exitRootOf(uint64 batchNumber) external view returns (uint256) {
        if (batchNumber == 0 || batchNumber > lastVerifiedBatch) return 0;
        uint256 stored = _exitRoots[batchNumber];
        return stored == 0 ? Lantern.EMPTY_EXIT_ROOT : stored;
    }

    /// @inheritdoc IRollup
    function opHash(uint64 opIndex) external view returns (bytes32) {
        return _opHashes[opIndex];
    }

    /// @inheritdoc IRollup
    function deadlineOf(uint64 opIndex) external view returns (uint64) {
        return _deadlineOf(opIndex);
    }

    function _deadlineOf(uint64 opIndex) internal view returns (uint64) {
        return uint64(_deadlines[opIndex >> 2] >> ((uint256(opIndex) & 3) * 64));
    }
}
