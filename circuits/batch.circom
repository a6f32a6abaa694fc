pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";
include "./lib/slot.circom";
include "./lib/account.circom";
include "./lib/merkle.circom";

// Lantern batch circuit: PROTOCOL.md §7.
//
// The circuit has four parts:
//   1. the slots, applied in order (BatchSlot): each one updates the state root, the priority
//      chain, the data commitment and produces its exit leaf;
//   2. the exit tree over the slots' exit leaves;
//   3. the fee credit to the batch's fee account after the last slot;
//   4. the single public input, a Poseidon hash of everything the L1 contract checks.
// Nothing is output except through publicInputHash: an input or result that is not hashed into
// it would be free for the prover (and circom would even optimise unused public signals away).
template Batch(depth, slots) {
    var AMOUNT_BITS = 64;
    var exitDepth = 0;
    while ((1 << exitDepth) < slots) { exitDepth++; }
    assert((1 << exitDepth) == slots);

    signal input publicInputHash;

    signal input chainId;
    signal input rollupAddress;
    signal input batchNumber;
    signal input feeAccountIndex;
    signal input oldStateRoot;
    signal input oldPriorityHash;

    signal input txType[slots];
    signal input fromIndex[slots];
    signal input toIndex[slots];
    signal input amount[slots];
    signal input fee[slots];
    signal input sigR8x[slots];
    signal input sigR8y[slots];
    signal input sigS[slots];
    signal input opAddress[slots];
    signal input opPubAx[slots];
    signal input opPubAy[slots];
    signal input fromAddress[slots];
    signal input fromBalance[slots];
    signal input fromNonce[slots];
    signal input fromPubAx[slots];
    signal input fromPubAy[slots];
    signal input fromSiblings[slots][depth];
    signal input toAddress[slots];
    signal input toBalance[slots];
    signal input toNonce[slots];
    signal input toPubAx[slots];
    signal input toPubAy[slots];
    signal input toSiblings[slots][depth];

    signal input feeAddress;
    signal input feeBalance;
    signal input feeNonce;
    signal input feePubAx;
    signal input feePubAy;
    signal input feeSiblings[depth];

    // ---- 1. Slots, in order. ---------------------------------------------------------------
    // Each slot starts from the previous slot's results, so the order of state updates, of
    // priority ops and of the data commitment is the slot order (§6.4).
    signal stateRoot[slots + 1];
    signal priorityHash[slots + 1];
    signal dataHash[slots + 1];
    signal exitLeaf[slots];
    stateRoot[0] <== oldStateRoot;
    priorityHash[0] <== oldPriorityHash;
    dataHash[0] <== 0;
    var feeSum = 0;

    component slot[slots];
    for (var j = 0; j < slots; j++) {
        slot[j] = BatchSlot(depth);
        slot[j].chainId <== chainId;
        slot[j].rollupAddress <== rollupAddress;
        slot[j].stateRoot <== stateRoot[j];
        slot[j].priorityHash <== priorityHash[j];
        slot[j].dataHash <== dataHash[j];

        slot[j].txType <== txType[j];
        slot[j].fromIndex <== fromIndex[j];
        slot[j].toIndex <== toIndex[j];
        slot[j].amount <== amount[j];
        slot[j].fee <== fee[j];
        slot[j].sigR8x <== sigR8x[j];
        slot[j].sigR8y <== sigR8y[j];
        slot[j].sigS <== sigS[j];
        slot[j].opAddress <== opAddress[j];
        slot[j].opPubAx <== opPubAx[j];
        slot[j].opPubAy <== opPubAy[j];
        slot[j].fromAddress <== fromAddress[j];
        slot[j].fromBalance <== fromBalance[j];
        slot[j].fromNonce <== fromNonce[j];
        slot[j].fromPubAx <== fromPubAx[j];
        slot[j].fromPubAy <== fromPubAy[j];
        slot[j].fromSiblings <== fromSiblings[j];
        slot[j].toAddress <== toAddress[j];
        slot[j].toBalance <== toBalance[j];
        slot[j].toNonce <== toNonce[j];
        slot[j].toPubAx <== toPubAx[j];
        slot[j].toPubAy <== toPubAy[j];
        slot[j].toSiblings <== toSiblings[j];

        stateRoot[j + 1] <== slot[j].newStateRoot;
        priorityHash[j + 1] <== slot[j].newPriorityHash;
        dataHash[j + 1] <== slot[j].newDataHash;
        exitLeaf[j] <== slot[j].exitLeaf;
        // Each fee is < 2^32 (range-checked in the slot), so the sum of a few of them cannot
        // wrap the field.
        feeSum += fee[j];
    }

    // ---- 2. Exit tree (§6.2): leaf j belongs to slot j. ------------------------------------
    signal exitRoot <== MerkleRootOf(exitDepth)(exitLeaf);

    // ---- 3. Fees (§6.3). -------------------------------------------------------------------
    // The fee leaf is read under the state after the last slot and credited with exactly the
    // sum of the slots' fees; its index bits are its path bits, so the prover cannot credit
    // another leaf than feeAccountIndex (which the contract fixed at sequencing).
    signal feeIndexBits[depth] <== Num2Bits(depth)(feeAccountIndex);
    // Fees must go to an existing account: crediting an empty leaf would create a leaf with
    // address 0 and a balance (money nobody can ever withdraw, and a broken "empty" invariant).
    signal feeSumIsZero <== IsZero()(feeSum);
    signal feeAccountIsEmpty <== IsZero()(feeAddress);
    (1 - feeSumIsZero) * feeAccountIsEmpty === 0;
    signal newFeeBalance <== feeBalance + feeSum;
    // No wrap-around of the fee account's balance.
    signal newFeeBalanceBits[AMOUNT_BITS] <== Num2Bits(AMOUNT_BITS)(newFeeBalance);
    signal oldFeeLeaf <== AccountLeaf()(feeAddress, feeBalance, feeNonce, feePubAx, feePubAy);
    signal newFeeLeaf <== AccountLeaf()(feeAddress, newFeeBalance, feeNonce, feePubAx, feePubAy);
    signal newStateRoot <== MerkleUpdate(depth)(stateRoot[slots], oldFeeLeaf, newFeeLeaf, feeIndexBits, feeSiblings);

    // ---- 4. Public input (§7.1). -----------------------------------------------------------
    // chainId, rollupAddress and batchNumber enter the proof only here (and chainId and
    // rollupAddress in every txHash): the contract supplies its own values, so a proof made
    // for another chain, deployment or batch does not verify.
    signal h1 <== Poseidon(5)([chainId, rollupAddress, batchNumber, oldStateRoot, newStateRoot]);
    signal h2 <== Poseidon(5)([oldPriorityHash, priorityHash[slots], dataHash[slots], exitRoot, feeAccountIndex]);
    signal computedPublicInputHash <== Poseidon(2)([h1, h2]);
    publicInputHash === computedPublicInputHash;
}

component main {public [publicInputHash]} = Batch(16, 4);
