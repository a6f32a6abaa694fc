// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {PoseidonT6} from "poseidon-solidity/PoseidonT6.sol";
import {IBridge} from "./interfaces/IBridge.sol";
import {IRollup} from "./interfaces/IRollup.sol";
import "./Constants.sol" as Lantern;
import {ACCOUNT_TREE_DEPTH, EXIT_TREE_DEPTH} from "./Constants.sol";
import {PoseidonMerkle} from "./libraries/PoseidonMerkle.sol";

/// @title Lantern Bridge
/// @notice Holds every bridged wei. Its balance always covers its liabilities: the balances of the
/// last verified state, the unclaimed exits of verified batches and the deposits no verified batch
/// has consumed. It trusts only its Rollup (which deployed it) for the queue, the verified
/// roots and frozen mode; every payout is checked here against those roots with a Merkle proof.
///
/// Every payout sets its "paid" flag and emits its event before sending ETH (checks-effects-
/// interactions), and all entry points share a transient-storage re-entrancy lock on top.
contract Bridge is IBridge {
    IRollup public immutable rollup;

    /// @dev Bit `slot` of claimedSlots[batchNumber] is set once that slot's exit is paid.
    mapping(uint64 batchNumber => uint256 bitmap) internal _claimedSlots;
    /// @dev Bit `i % 256` of word `i / 256` is set once account i escaped.
    mapping(uint256 word => uint256 bitmap) internal _escaped;
    /// @dev Bit `k % 256` of word `k / 256` is set once deposit op k was refunded.
    mapping(uint256 word => uint256 bitmap) internal _refunded;
    /// @dev Who paid deposit op k, stored only when that is not its recipient (the op's l1Address).
    mapping(uint64 opIndex => address) public payerOf;

    bool private transient _locked;

    modifier nonReentrant() {
        if (_locked) revert Bridge__Reentrancy();
        _locked = true;
        _;
        _locked = false;
    }

    /// @dev Deployed by the Rollup's constructor, which is therefore the only rollup this bridge serves.
    constructor() {
        rollup = IRollup(msg.sender);
    }

    // ---------------------------------------------------------------------------------------------
    // Deposits
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IBridge
    function deposit(address recipient, uint256 pubAx, uint256 pubAy)
        external
        payable
        nonReentrant
        returns (uint64 opIndex)
    {
        if (recipient == address(0)) revert Bridge__ZeroAddress();
        // Neither contract can ever withdraw: a leaf owned by either would lock its ETH for good (even
        // escape and refund pay the leaf's address or the payer, and a deposit for itself has no payer).
        if (recipient == address(this) || recipient == address(rollup)) revert Bridge__InvalidRecipient(recipient);
        if (msg.value % 1 gwei != 0) revert Bridge__NotWholeGwei(msg.value);
        uint256 amount = msg.value / 1 gwei;
        if (amount >= Lantern.AMOUNT_LIMIT) revert Bridge__AmountTooLarge(amount);
        bool withKey = pubAx != 0 || pubAy != 0;
        // Setting a key takes over the account's L2 funds: only its L1 owner may do that (§5.1).
        if (withKey && msg.sender != recipient) revert Bridge__KeyForAnotherAccount();
        if (amount == 0 && !withKey) revert Bridge__ZeroDeposit();

        // The Rollup is a fixed, trusted contract that makes no calls back. Its op hash is the refund
        // record (§5.2); only a payer other than the recipient needs a word of its own.
        opIndex = rollup.enqueueDeposit(recipient, uint64(amount), pubAx, pubAy);
        if (amount != 0 && msg.sender != recipient) payerOf[opIndex] = msg.sender;
        emit Deposited(opIndex, msg.sender, recipient, uint64(amount));
    }

    // ---------------------------------------------------------------------------------------------
    // Claims (§6.2)
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IBridge
    function claim(
        uint64 batchNumber,
        uint256 slotIndex,
        address recipient,
        uint64 amount,
        uint256[EXIT_TREE_DEPTH] calldata siblings
    ) external nonReentrant {
        if (batchNumber == 0 || batchNumber > rollup.lastVerifiedBatch()) revert Bridge__BatchNotVerified(batchNumber);
        // Bits of the index above the tree depth would be ignored by the path: bound it, or slot 5
        // would alias slot 1 and be paid a second time.
        if (slotIndex >= Lantern.BATCH_SLOTS) revert Bridge__InvalidSlotIndex(slotIndex);
        uint256 bit = 1 << slotIndex;
        uint256 claimed = _claimedSlots[batchNumber];
        if (claimed & bit != 0) revert Bridge__AlreadyClaimed(batchNumber, slotIndex);
        if (amount == 0) revert Bridge__NothingToWithdraw();
        // poseidon-solidity reduces its inputs mod r: s and s + r would be two encodings of one path.
        for (uint256 k; k < EXIT_TREE_DEPTH; ++k) _checkField(siblings[k]);

        uint256 leaf = PoseidonT3.hash([uint256(uint160(recipient)), uint256(amount)]);
        if (PoseidonMerkle.exitRoot(leaf, slotIndex, siblings) != rollup.exitRootOf(batchNumber)) {
            revert Bridge__InvalidProof();
        }

        _claimedSlots[batchNumber] = claimed | bit;
        emit Claimed(batchNumber, slotIndex, recipient, amount);
        _pay(recipient, amount);
    }

    // ---------------------------------------------------------------------------------------------
    // Frozen mode (§5.4)
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IBridge
    function escapeWithdraw(
        uint32 accountIndex,
        address owner,
        uint64 balance,
        uint32 nonce,
        uint256 pubAx,
        uint256 pubAy,
        uint256[ACCOUNT_TREE_DEPTH] calldata siblings
    ) external nonReentrant {
        if (!rollup.frozen()) revert Bridge__NotFrozen();
        // As for claims: an index >= 2^16 would alias index mod 2^16 and escape twice.
        if (accountIndex > Lantern.MAX_ACCOUNT_INDEX) revert Bridge__InvalidAccountIndex(accountIndex);
        uint256 bit = 1 << (accountIndex & 0xff);
        uint256 word = _escaped[accountIndex >> 8];
        if (word & bit != 0) revert Bridge__AlreadyEscaped(accountIndex);
        if (balance == 0) revert Bridge__NothingToWithdraw();
        // Every hashed field element canonical: one leaf, one encoding (the once-per-index flag would
        // stop a second payout anyway, but a proof must not verify for values the state never held).
        _checkField(pubAx);
        _checkField(pubAy);
        for (uint256 k; k < ACCOUNT_TREE_DEPTH; ++k) _checkField(siblings[k]);

        uint256 leaf = PoseidonT6.hash([uint256(uint160(owner)), uint256(balance), uint256(nonce), pubAx, pubAy]);
        if (PoseidonMerkle.accountRoot(leaf, accountIndex, siblings) != rollup.lastVerifiedStateRoot()) {
            revert Bridge__InvalidProof();
        }

        _escaped[accountIndex >> 8] = word | bit;
        emit EscapeWithdrawn(accountIndex, owner, balance);
        _pay(owner, balance);
    }

    /// @inheritdoc IBridge
    function refundDeposit(uint64 opIndex, address l1Address, uint256 pubAx, uint256 pubAy, uint64 amount)
        external
        nonReentrant
    {
        if (!rollup.frozen()) revert Bridge__NotFrozen();
        // A deposit a verified batch consumed is in the last verified state: it leaves via escapeWithdraw.
        if (opIndex < rollup.verifiedPriorityOpsEnd()) revert Bridge__DepositProcessed(opIndex);
        uint256 bit = 1 << (opIndex & 0xff);
        uint256 word = _refunded[opIndex >> 8];
        if (word & bit != 0) revert Bridge__AlreadyRefunded(opIndex);
        // The op hash is the refund record: the preimage must be a DEPOSIT (type 3, amount > 0) of
        // exactly this amount to l1Address's account. Account indices never change owner.
        if (amount == 0) revert Bridge__NotADeposit(opIndex);
        uint256 packed = Lantern.TX_DEPOSIT | (uint256(rollup.accountIndexOf(l1Address)) << Lantern.FROM_SHIFT)
            | (uint256(amount) << Lantern.AMOUNT_SHIFT);
        bytes32 hash = keccak256(abi.encodePacked(uint136(packed), l1Address, pubAx, pubAy));
        if (hash != rollup.opHash(opIndex)) revert Bridge__NotADeposit(opIndex);

        address payer = payerOf[opIndex];
        if (payer == address(0)) payer = l1Address;
        _refunded[opIndex >> 8] = word | bit;
        emit DepositRefunded(opIndex, payer, amount);
        _pay(payer, amount);
    }

    // ---------------------------------------------------------------------------------------------
    // Reads
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IBridge
    function isClaimed(uint64 batchNumber, uint256 slotIndex) external view returns (bool) {
        return slotIndex < Lantern.BATCH_SLOTS && _claimedSlots[batchNumber] & (1 << slotIndex) != 0;
    }

    /// @inheritdoc IBridge
    function hasEscaped(uint32 accountIndex) external view returns (bool) {
        return _escaped[accountIndex >> 8] & (1 << (accountIndex & 0xff)) != 0;
    }

    /// @inheritdoc IBridge
    function isRefunded(uint64 opIndex) external view returns (bool) {
        return _refunded[opIndex >> 8] & (1 << (opIndex & 0xff)) != 0;
    }

    function _checkField(uint256 value) private pure {
        if (value >= Lantern.SNARK_SCALAR_FIELD) revert Bridge__InvalidFieldElement(value);
    }

    /// @dev Sends `amount` gwei. A recipient that refuses ETH makes the whole payout revert, flag included,
    /// so it can be retried once the recipient accepts.
    function _pay(address to, uint64 amount) private {
        uint256 value = uint256(amount) * 1 gwei;
        (bool ok,) = to.call{value: value}("");
        if (!ok) revert Bridge__TransferFailed(to, amount);
    }
}
