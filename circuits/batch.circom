pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";
include "./lib/slot.circom";
include "./lib/account.circom";
include "./lib/merkle.circom";

// Lantern batch circuit: PROTOCOL.md §7.
//
// The circuit has four parts:
//   1. the slots, applied in order (BatchSlot): each one applies its public packed transaction
//      and public op data, updates the state root and produces its exit leaf;
//   2. the exit tree over the slots' exit leaves;
//   3. the fee credit to the batch's fee account after the last slot;
//   4. the results, equal to the public newStateRoot and exitRoot.
//
// The public inputs are the first input signals, in the order of §7.1, and the circuit has no
// output signal: snarkjs orders public signals outputs first, then public inputs in declaration
// order, so the public-signal vector is exactly §7.1's 7 + 4·slots values. Every one of them is
// used in a constraint except batchNumber, which the Groth16 setup still binds (snarkjs adds one
// constraint per public input to the key), so a proof for batch n does not verify as batch m.
template Batch(depth, slots) {
    var AMOUNT_BITS = 64;
    var exitDepth = 0;
    while ((1 << exitDepth) < slots) { exitDepth++; }
    assert((1 << exitDepth) == slots);

    // ---- Public inputs (§7.1), in this order. ----------------------------------------------
    signal input chainId;
    signal input rollupAddress;
    signal input batchNumber;
    signal input feeAccountIndex;
    signal input oldStateRoot;
    signal input newStateRoot;
    signal input exitRoot;
    signal input tx[slots];
    signal input opAddress[slots];
    signal input opPubAx[slots];
    signal input opPubAy[slots];

    // ---- Private inputs (§7.3). ------------------------------------------------------------
    signal input txType[slots];
    signal input fromIndex[slots];
    signal input toIndex[slots];
    signal input amount[slots];
    signal input fee[slots];
    signal input sigR8x[slots];
    signal input sigR8y[slots];
    signal input sigS[slots];
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
    // Each slot starts from the previous slot's state root, so state updates happen in slot
    // order (§6.4); slot j applies tx[j] and the op data of slot j, so priority ops are applied
    // in the order the contract checked them against its queue (§5.2).
    signal stateRoot[slots + 1];
    signal exitLeaf[slots];
    stateRoot[0] <== oldStateRoot;
    var feeSum = 0;

    component slot[slots];
    for (var j = 0; j < slots; j++) {
        slot[j] = BatchSlot(depth);
        slot[j].chainId <== chainId;
        slot[j].rollupAddress <== rollupAddress;
        slot[j].stateRoot <== stateRoot[j];
        slot[j].tx <== tx[j];

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
        exitLeaf[j] <== slot[j].exitLeaf;
        // Each fee is < 2^32 (range-checked in the slot), so the sum of a few of them cannot
        // wrap the field.
        feeSum += fee[j];
    }

    // ---- 2. Exit tree (§6.2): leaf j belongs to slot j. ------------------------------------
    // It must be the public exitRoot: the contract pays claims against it, so a root that left a
    // withdrawal out, added one or changed an amount would pay other exits than L2 debited.
    signal computedExitRoot <== MerkleRootOf(exitDepth)(exitLeaf);
    exitRoot === computedExitRoot;

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
    signal computedNewStateRoot <== MerkleUpdate(depth)(stateRoot[slots], oldFeeLeaf, newFeeLeaf, feeIndexBits, feeSiblings);

    // ---- 4. Results (§7.1). ----------------------------------------------------------------
    // The public newStateRoot is what the contract records as the next batch's oldStateRoot: it
    // must be exactly the root the slots and the fee credit produce (no mint, no lost update).
    newStateRoot === computedNewStateRoot;
}

component main {public [
    chainId, rollupAddress, batchNumber, feeAccountIndex, oldStateRoot, newStateRoot, exitRoot,
    tx, opAddress, opPubAx, opPubAy
]} = Batch(16, 4);
