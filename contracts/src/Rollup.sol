// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {PoseidonT6} from "poseidon-solidity/PoseidonT6.sol";
import {IRollup} from "./interfaces/IRollup.sol";
import {IBatchVerifier} from "./interfaces/IBatchVerifier.sol";
import "./Constants.sol" as Lantern;
import {Bridge} from "./Bridge.sol";

/// @title Lantern Rollup
/// @notice The L1 side of Lantern's state: who owns which account index, the priority queue, which
/// batches are virtual (sequenced) and which are consolidated (verified), and the escape hatch.
/// It holds no ETH: the Bridge it deploys does, and asks this contract for roots and the queue.
///
/// Roles: the trusted `sequencer` posts batches; the `bridge` queues deposits; anyone may verify the
/// next batch with a proof, queue its own key registration or forced exit, and activate the escape
/// hatch once a priority op is overdue. There is no owner, no upgrade and no pause.
contract Rollup is IRollup {
    uint256 public constant ACCOUNT_TREE_DEPTH = Lantern.ACCOUNT_TREE_DEPTH;
    uint256 public constant EXIT_TREE_DEPTH = Lantern.EXIT_TREE_DEPTH;
    uint256 public constant BATCH_SLOTS = Lantern.BATCH_SLOTS;

    IBatchVerifier public immutable verifier;
    address public immutable sequencer;
    address public immutable bridge;
    uint64 public immutable priorityDeadlineBlocks;

    uint64 public lastSequencedBatch;
    uint64 public lastVerifiedBatch;
    uint32 public accountCount;
    bool public frozen;

    mapping(address l1Address => uint32 accountIndex) public accountIndexOf;
    mapping(uint64 batchNumber => Batch) internal _batches;
    PriorityOp[] internal _priorityOps;

    modifier notFrozen() {
        if (frozen) revert Rollup__Frozen();
        _;
    }

    /// @param verifier_ the Groth16 verifier of the batch circuit
    /// @param sequencer_ the only address allowed to call sequenceBatches
    /// @param priorityDeadlineBlocks_ L1 blocks a priority op may wait before the escape hatch opens
    constructor(IBatchVerifier verifier_, address sequencer_, uint64 priorityDeadlineBlocks_) {
        if (address(verifier_).code.length == 0 || sequencer_ == address(0) || priorityDeadlineBlocks_ == 0) {
            revert Rollup__InvalidConfig();
        }
        verifier = verifier_;
        sequencer = sequencer_;
        priorityDeadlineBlocks = priorityDeadlineBlocks_;
        // The Bridge is created here so the pair is wired atomically: no initialiser anyone could call first.
        bridge = address(new Bridge());

        // Batch 0 is genesis: the empty account tree (§2.2), P[0] = 0, accInputHash_0 = 0.
        uint256 node = PoseidonT6.hash([uint256(0), 0, 0, 0, 0]);
        for (uint256 h; h < Lantern.ACCOUNT_TREE_DEPTH; ++h) {
            node = PoseidonT3.hash([node, node]);
        }
        _batches[0].stateRoot = node;
        _batches[0].sequencedAtBlock = uint64(block.number);
        _batches[0].verifiedAtBlock = uint64(block.number);
    }

    // ---------------------------------------------------------------------------------------------
    // Priority queue (§5.1, §5.2)
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
        // poseidon-solidity reduces inputs mod r: a key k and k + r would chain alike while the event
        // reported different keys, so keys must be canonical field elements.
        if (pubAx >= Lantern.SNARK_SCALAR_FIELD) revert Rollup__InvalidFieldElement(pubAx);
        if (pubAy >= Lantern.SNARK_SCALAR_FIELD) revert Rollup__InvalidFieldElement(pubAy);

        uint256 packed = opType | (uint256(accountIndex) << Lantern.FROM_SHIFT) | (amount << Lantern.AMOUNT_SHIFT);
        opIndex = uint64(_priorityOps.length);
        uint256 chainHash =
            PoseidonT6.hash([_priorityHash(opIndex), packed, uint256(uint160(l1Address)), pubAx, pubAy]);
        uint64 deadline = uint64(block.number) + priorityDeadlineBlocks;
        _priorityOps.push(PriorityOp({chainHash: chainHash, packed: uint136(packed), deadline: deadline}));
        emit PriorityOpQueued(
            opIndex, l1Address, accountIndex, uint8(opType), uint64(amount), pubAx, pubAy, chainHash, deadline
        );
    }

    /// @dev P[k]: 0 for k = 0, else the chain hash stored with op k - 1.
    function _priorityHash(uint256 k) internal view returns (uint256) {
        return k == 0 ? 0 : _priorityOps[k - 1].chainHash;
    }

    // ---------------------------------------------------------------------------------------------
    // Sequencing (§6.1)
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IRollup
    function sequenceBatches(BatchData[] calldata batches) external notFrozen {
        if (msg.sender != sequencer) revert Rollup__NotSequencer();
        if (batches.length == 0) revert Rollup__NoBatches();

        uint64 batchNumber = lastSequencedBatch;
        Batch storage previous = _batches[batchNumber];
        bytes32 accInputHash = previous.accInputHash;
        uint64 nextOp = previous.priorityOpsEnd;
        uint256 opCount = _priorityOps.length;

        for (uint256 b; b < batches.length; ++b) {
            bytes calldata txs = batches[b].txs;
            uint32 feeAccountIndex = batches[b].feeAccountIndex;
            if (txs.length % Lantern.PACKED_TX_BYTES != 0 || txs.length > Lantern.PACKED_TX_BYTES * Lantern.BATCH_SLOTS)
            {
                revert Rollup__InvalidBatchLength(b, txs.length);
            }
            if (feeAccountIndex > Lantern.MAX_ACCOUNT_INDEX) revert Rollup__InvalidFeeAccount(b, feeAccountIndex);

            uint256 slotCount = txs.length / Lantern.PACKED_TX_BYTES;
            uint256 dataCommitment = 0;
            for (uint256 j; j < Lantern.BATCH_SLOTS; ++j) {
                uint256 packed = 0; // missing trailing slots are NOOPs
                if (j < slotCount) {
                    packed = _loadPacked(txs, j);
                    uint256 txType = _checkSlot(packed, b, j);
                    if (txType >= Lantern.TX_DEPOSIT) {
                        // A priority slot must be the next unconsumed op, exactly: this stops a batch
                        // that skips, reorders, alters or invents one (the proof would fail later anyway,
                        // but only after the batch had been accepted and the rollup stalled behind it).
                        if (nextOp >= opCount || _priorityOps[nextOp].packed != packed) {
                            revert Rollup__PriorityOpMismatch(b, j);
                        }
                        ++nextOp;
                    }
                }
                dataCommitment = PoseidonT3.hash([dataCommitment, packed]);
            }

            accInputHash = keccak256(abi.encodePacked(accInputHash, dataCommitment, _priorityHash(nextOp), feeAccountIndex));
            ++batchNumber;
            Batch storage batch = _batches[batchNumber];
            batch.accInputHash = accInputHash;
            batch.dataCommitment = dataCommitment;
            batch.priorityOpsEnd = nextOp;
            batch.feeAccountIndex = feeAccountIndex;
            batch.sequencedAtBlock = uint64(block.number);
            emit BatchSequenced(batchNumber, accInputHash, dataCommitment, nextOp, feeAccountIndex, txs);
        }
        lastSequencedBatch = batchNumber;
    }

    /// @dev Slot j of `txs` as a 136-bit big-endian integer. calldataload reads 32 bytes; the 15 bytes
    /// past the slot (the next slot, or whatever follows in calldata) are shifted out.
    function _loadPacked(bytes calldata txs, uint256 j) private pure returns (uint256 packed) {
        assembly ("memory-safe") {
            packed := shr(120, calldataload(add(txs.offset, mul(j, 17))))
        }
    }

    /// @dev §4.2: the type must exist, bits 131..135 be zero and the fields be canonical for the type.
    /// Priority slots are canonical by construction (they must equal a queued op), so only the
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
    // Verification (§7.1)
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IRollup
    function verifyBatch(uint64 batchNumber, uint256 newStateRoot, uint256 exitRoot, Proof calldata proof)
        external
        notFrozen
    {
        uint64 last = lastVerifiedBatch;
        // Each batch once: a re-randomised (malleated) Groth16 proof of a verified batch is refused here.
        if (batchNumber <= last) revert Rollup__BatchAlreadyVerified(batchNumber);
        if (batchNumber > lastSequencedBatch) revert Rollup__BatchNotSequenced(batchNumber);
        if (batchNumber != last + 1) revert Rollup__BatchOutOfOrder(batchNumber, last + 1);
        // Roots are stored and later hashed by poseidon-solidity, which reduces mod r: v and v + r
        // would pass the same proof yet store different roots.
        if (newStateRoot >= Lantern.SNARK_SCALAR_FIELD) revert Rollup__InvalidFieldElement(newStateRoot);
        if (exitRoot >= Lantern.SNARK_SCALAR_FIELD) revert Rollup__InvalidFieldElement(exitRoot);

        uint256 input = _publicInput(batchNumber, newStateRoot, exitRoot);
        if (!_verifyProof(proof, input)) revert Rollup__InvalidProof();

        Batch storage batch = _batches[batchNumber];
        batch.stateRoot = newStateRoot;
        batch.exitRoot = exitRoot;
        batch.verifiedAtBlock = uint64(block.number);
        lastVerifiedBatch = batchNumber;
        emit BatchVerified(batchNumber, newStateRoot, exitRoot, msg.sender);
    }

    /// @dev A verifier that reverts (malformed points) counts as a rejection, not as an opaque failure.
    function _verifyProof(Proof calldata proof, uint256 input) private view returns (bool) {
        try verifier.verifyProof(proof.a, proof.b, proof.c, [input]) returns (bool ok) {
            return ok;
        } catch {
            return false;
        }
    }

    /// @dev publicInputHash = Poseidon(h1, h2) with
    /// h1 = Poseidon(chainId, rollupAddress, batchNumber, oldStateRoot, newStateRoot) and
    /// h2 = Poseidon(oldPriorityHash, newPriorityHash, dataCommitment, exitRoot, feeAccountIndex),
    /// every term but the two submitted roots taken from this contract's own storage.
    function _publicInput(uint64 batchNumber, uint256 newStateRoot, uint256 exitRoot) internal view returns (uint256) {
        Batch storage previous = _batches[batchNumber - 1];
        Batch storage batch = _batches[batchNumber];
        uint256 h1 = PoseidonT6.hash(
            [block.chainid, uint256(uint160(address(this))), uint256(batchNumber), previous.stateRoot, newStateRoot]
        );
        uint256 h2 = PoseidonT6.hash(
            [
                _priorityHash(previous.priorityOpsEnd),
                _priorityHash(batch.priorityOpsEnd),
                batch.dataCommitment,
                exitRoot,
                uint256(batch.feeAccountIndex)
            ]
        );
        return PoseidonT3.hash([h1, h2]);
    }

    // ---------------------------------------------------------------------------------------------
    // Escape hatch (§5.4)
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IRollup
    function activateEscapeHatch() external notFrozen {
        // Ops are consumed in queue order and deadlines never decrease, so the oldest op no verified
        // batch has consumed is the first one that can be overdue.
        uint64 opIndex = _batches[lastVerifiedBatch].priorityOpsEnd;
        if (opIndex >= _priorityOps.length) revert Rollup__NoPendingPriorityOp();
        uint64 deadline = _priorityOps[opIndex].deadline;
        if (block.number <= deadline) revert Rollup__PriorityOpNotOverdue(opIndex, deadline);
        frozen = true;
        emit EscapeHatchActivated(opIndex, lastVerifiedBatch, _batches[lastVerifiedBatch].stateRoot);
    }

    // ---------------------------------------------------------------------------------------------
    // Reads
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IRollup
    function getBatch(uint64 batchNumber) external view returns (Batch memory) {
        return _batches[batchNumber];
    }

    /// @inheritdoc IRollup
    function lastVerifiedStateRoot() external view returns (uint256) {
        return _batches[lastVerifiedBatch].stateRoot;
    }

    /// @inheritdoc IRollup
    function exitRootOf(uint64 batchNumber) external view returns (uint256) {
        return _batches[batchNumber].exitRoot;
    }

    /// @inheritdoc IRollup
    function priorityOpCount() external view returns (uint64) {
        return uint64(_priorityOps.length);
    }

    /// @inheritdoc IRollup
    function getPriorityOp(uint64 opIndex) external view returns (PriorityOp memory) {
        return _priorityOps[opIndex];
    }

    /// @inheritdoc IRollup
    function priorityHash(uint64 k) external view returns (uint256) {
        return _priorityHash(k);
    }

    /// @inheritdoc IRollup
    function sequencedPriorityOpsEnd() external view returns (uint64) {
        return _batches[lastSequencedBatch].priorityOpsEnd;
    }

    /// @inheritdoc IRollup
    function verifiedPriorityOpsEnd() external view returns (uint64) {
        return _batches[lastVerifiedBatch].priorityOpsEnd;
    }

    /// @inheritdoc IRollup
    function publicInput(uint64 batchNumber, uint256 newStateRoot, uint256 exitRoot) external view returns (uint256) {
        if (batchNumber == 0 || batchNumber > lastSequencedBatch) revert Rollup__BatchNotSequenced(batchNumber);
        return _publicInput(batchNumber, newStateRoot, exitRoot);
    }
}
