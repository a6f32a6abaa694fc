// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IRollup} from "./IRollup.sol";
import {ACCOUNT_TREE_DEPTH, EXIT_TREE_DEPTH} from "../Constants.sol";

/// @notice Lantern's bridge: holds all bridged ETH. Deposits (queued as priority ops on the Rollup),
/// claims of withdrawals against verified exit roots, and, once the Rollup is frozen, escape
/// withdrawals and refunds (docs/PROTOCOL.md §5.4, §6.2, §8). Amounts are in gwei (1e9 wei).
/// @dev Deposits may also revert with the Rollup's errors (Rollup__Frozen, Rollup__AccountTreeFull,
/// Rollup__InvalidFieldElement): decode with both ABIs.
interface IBridge {
    error Bridge__ZeroAddress();
    /// @notice The recipient is the Bridge or the Rollup, which could never withdraw.
    error Bridge__InvalidRecipient(address recipient);
    /// @notice A sibling or key field is not below r (Poseidon would reduce it: two encodings of one leaf).
    error Bridge__InvalidFieldElement(uint256 value);
    error Bridge__NotWholeGwei(uint256 value);
    error Bridge__AmountTooLarge(uint256 amount);
    error Bridge__ZeroDeposit();
    error Bridge__KeyForAnotherAccount();
    error Bridge__BatchNotVerified(uint64 batchNumber);
    error Bridge__InvalidSlotIndex(uint256 slotIndex);
    error Bridge__InvalidAccountIndex(uint256 accountIndex);
    error Bridge__AlreadyClaimed(uint64 batchNumber, uint256 slotIndex);
    error Bridge__InvalidProof();
    error Bridge__NothingToWithdraw();
    error Bridge__NotFrozen();
    error Bridge__AlreadyEscaped(uint32 accountIndex);
    error Bridge__NotADeposit(uint64 opIndex);
    error Bridge__DepositProcessed(uint64 opIndex);
    error Bridge__AlreadyRefunded(uint64 opIndex);
    error Bridge__TransferFailed(address to, uint256 amount);
    error Bridge__Reentrancy();

    /// @notice `from` paid `amount` gwei for L2 account `to` (priority op `opIndex`; amount 0 = key only).
    event Deposited(uint64 indexed opIndex, address indexed from, address indexed to, uint64 amount);
    /// @notice The exit in slot `slotIndex` of batch `batchNumber` was paid to `recipient`.
    event Claimed(uint64 indexed batchNumber, uint256 slotIndex, address indexed recipient, uint64 amount);
    /// @notice Frozen mode: account `accountIndex`'s last verified balance was paid to its owner.
    event EscapeWithdrawn(uint32 indexed accountIndex, address indexed recipient, uint64 amount);
    /// @notice Frozen mode: deposit `opIndex`, never consumed by a verified batch, went back to its payer.
    event DepositRefunded(uint64 indexed opIndex, address indexed payer, uint64 amount);

    /// @notice Deposit msg.value (whole gwei, < 2^64 gwei) to `recipient`'s L2 account. A non-zero key
    /// (pubAx, pubAy) sets the account's L2 key and is allowed only for one's own account
    /// (msg.sender == recipient); with a key, msg.value may be 0 (a key-only registration).
    function deposit(address recipient, uint256 pubAx, uint256 pubAy) external payable returns (uint64 opIndex);

    /// @notice Pay the exit leaf Poseidon(recipient, amount) in slot `slotIndex` of verified batch
    /// `batchNumber` to `recipient`, once. Anyone may submit it.
    function claim(
        uint64 batchNumber,
        uint256 slotIndex,
        address recipient,
        uint64 amount,
        uint256[EXIT_TREE_DEPTH] calldata siblings
    ) external;

    /// @notice Frozen mode: pay account `accountIndex`'s balance in the last verified state root to the
    /// leaf's owner, once per account. Anyone may submit it.
    function escapeWithdraw(
        uint32 accountIndex,
        address owner,
        uint64 balance,
        uint32 nonce,
        uint256 pubAx,
        uint256 pubAy,
        uint256[ACCOUNT_TREE_DEPTH] calldata siblings
    ) external;

    /// @notice Frozen mode: return deposit `opIndex` to its payer if no verified batch consumed it. The
    /// caller supplies the op's preimage (from PriorityOpQueued), checked against Rollup.opHash(opIndex).
    function refundDeposit(uint64 opIndex, address l1Address, uint256 pubAx, uint256 pubAy, uint64 amount) external;

    function rollup() external view returns (IRollup);
    function isClaimed(uint64 batchNumber, uint256 slotIndex) external view returns (bool);
    function hasEscaped(uint32 accountIndex) external view returns (bool);
    /// @notice Who paid deposit `opIndex` if not its recipient; 0 when the recipient paid (or no such deposit).
    function payerOf(uint64 opIndex) external view returns (address);
    /// @notice True once deposit `opIndex` was refunded.
    function isRefunded(uint64 opIndex) external view returns (bool);
}
