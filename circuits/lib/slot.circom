pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";
include "circomlib/circuits/eddsaposeidon.circom";
include "./typeflags.circom";
include "./account.circom";
include "./merkle.circom";

// One batch slot: PROTOCOL.md §4 (transactions), §5.3 (priority op semantics), §6.2 (its exit
// leaf) and §6.4 (from-update, then to-update).
//
// The slot is a pure function of the state root it receives, its public packed transaction and
// public op data (§7.1), and the witness; every output below is constrained, so a slot either
// applies exactly the rules of the protocol or has no satisfying witness. Each constraint group
// says which attack it stops.
template BatchSlot(depth) {
    // Packing of §4.2: type (3 bits) | fromIndex (16) | toIndex (16) | amount (64) | fee (32).
    var INDEX_BITS = 16;
    var AMOUNT_BITS = 64;
    var FEE_BITS = 32;
    var NONCE_BITS = 32;
    var FROM_SHIFT = 1 << 3;
    var TO_SHIFT = 1 << 19;
    var AMOUNT_SHIFT = 1 << 35;
    var FEE_SHIFT = 1 << 99;
    // Path bits are the index bits, so the tree cannot be deeper than an index is wide.
    assert(depth <= INDEX_BITS);

    // Batch context and running state.
    signal input chainId;
    signal input rollupAddress;
    signal input stateRoot;

    // The slot's packed transaction, a public input (§7.1): what the contract sequenced.
    signal input tx;
    // Slot fields (§4.2), private; constrained below to pack to exactly `tx`.
    signal input txType;
    signal input fromIndex;
    signal input toIndex;
    signal input amount;
    signal input fee;
    // EdDSA signature (L2 slots only).
    signal input sigR8x;
    signal input sigR8y;
    signal input sigS;
    // Priority op data, public inputs (§7.1): the contract took them from the batch record and
    // checked them against the queued op hashes (§5.2). Zero for non-priority slots.
    signal input opAddress;
    signal input opPubAx;
    signal input opPubAy;
    // The leaf at fromIndex before the slot, and its path.
    signal input fromAddress;
    signal input fromBalance;
    signal input fromNonce;
    signal input fromPubAx;
    signal input fromPubAy;
    signal input fromSiblings[depth];
    // The leaf at toIndex after the from-update, and its path.
    signal input toAddress;
    signal input toBalance;
    signal input toNonce;
    signal input toPubAx;
    signal input toPubAy;
    signal input toSiblings[depth];

    signal output newStateRoot;
    signal output exitLeaf;

    // ---- 1. Type. One-hot flags (see TxTypeFlags for why they cannot lie). ----------------
    signal flag[6] <== TxTypeFlags()(txType);
    signal isNoop <== flag[0];
    signal isTransfer <== flag[1];
    signal isWithdraw <== flag[2];
    signal isDeposit <== flag[3];
    signal isRegisterKey <== flag[4];
    signal isForcedExit <== flag[5];
    signal isL2 <== isTransfer + isWithdraw;
    signal isPriority <== isDeposit + isRegisterKey + isForcedExit;

    // ---- 2. Ranges. -----------------------------------------------------------------------
    // Without these, amount = p − x is a "negative amount": a transfer that debits −x from the
    // sender (minting) or an overdraft that wraps around the field. Index bits double as the
    // Merkle path bits, which binds each leaf to its index (no leaf substitution, MACI #10) and
    // makes the packed transaction a unique 131-bit integer (no two slot contents share a
    // packed value, so the public `tx` and the signature pin every field).
    signal fromBits[depth] <== Num2Bits(depth)(fromIndex);
    signal toBits[depth] <== Num2Bits(depth)(toIndex);
    signal amountBits[AMOUNT_BITS] <== Num2Bits(AMOUNT_BITS)(amount);
    signal feeBits[FEE_BITS] <== Num2Bits(FEE_BITS)(fee);

    // ---- 3. Canonical fields per type (§4.2 table). ---------------------------------------
    // Stops a slot from carrying data the type does not use but the state update would read:
    // a NOOP that moves money, a deposit or forced exit that charges a fee nobody signed, a
    // REGISTER_KEY or FORCED_EXIT that also credits an amount the queued op did not pay, or
    // a non-transfer whose to-update (at toIndex) silently touches a real account.
    fromIndex * isNoop === 0;
    toIndex * (1 - isTransfer) === 0;
    amount * (isNoop + isRegisterKey + isForcedExit) === 0;
    fee * (1 - isL2) === 0;

    // The slot applies exactly the transaction the contract sequenced: with every field
    // range-checked above, the packing is injective, so a prover cannot prove another
    // transaction (a skipped, reordered, altered or invented one) than the public `tx`.
    signal packed <== txType + fromIndex * FROM_SHIFT + toIndex * TO_SHIFT
        + amount * AMOUNT_SHIFT + fee * FEE_SHIFT;
    packed === tx;

    // ---- 4. Authorisation of L2 transactions (§4.3, §4.4 rules 1, 2, 4, 6). ----------------
    // The message binds type, both indices, amount, fee, the sender's current nonce, the chain
    // and the rollup: no replay across accounts, batches (nonce), chains or deployments.
    signal txHash <== Poseidon(4)([packed, fromNonce, chainId, rollupAddress]);

    // The sender must exist and have a key. The key check also closes the "(0, 0) key"
    // door: an account that never registered a key cannot be spent from by anyone.
    signal fromIsEmpty <== IsZero()(fromAddress);
    isL2 * fromIsEmpty === 0;
    signal fromKeyUnset <== IsKeyUnset()(fromPubAx, fromPubAy);
    isL2 * fromKeyUnset === 0;

    // Signature by the key stored in the sender's leaf (the leaf is proven against the state
    // root below, so the prover cannot pick the key). Enabled only for L2 slots; `enabled` is
    // the constrained flag isL2, never a free input.
    //
    // A disabled verifier binds nothing, but its witness must still be computable: circomlib's
    // scalar multiplication divides by coordinates of the key (Edwards → Montgomery), and an
    // L1 user can register any pair of field elements as a key. Some off-curve pairs make those
    // divisions fail, which would make every later priority op on that account (a deposit, a
    // forced exit) unprovable and stall the priority queue into the escape hatch. So disabled
    // slots feed the verifier the base point B8 instead of the leaf's key; enabled slots get
    // the leaf's key exactly (isL2 = 1), so nothing is weakened for them.
    var BASE8_X = 5299619240641551281634865583518297030282874472190772894086521144482721001553;
    var BASE8_Y = 16950150798460657717958625567821834550301663161624707787222815936182638968203;
    component sig = EdDSAPoseidonVerifier();
    sig.enabled <== isL2;
    sig.Ax <== isL2 * (fromPubAx - BASE8_X) + BASE8_X;
    sig.Ay <== isL2 * (fromPubAy - BASE8_Y) + BASE8_Y;
    sig.S <== sigS;
    sig.R8x <== sigR8x;
    sig.R8y <== sigR8y;
    sig.M <== txHash;

    // ---- 5. Priority op data and ownership (§5.1, §5.3). ----------------------------------
    // Op data belongs to priority slots only. The public vector is fixed by the contract, but a
    // slot must not read a value it has no business with: (0, 0, 0) everywhere else keeps one
    // batch record ↔ one public-input vector (no second valid proof input for the same batch
    // with junk op data in an L2 slot) and keeps the key mux below tied to priority slots.
    (1 - isPriority) * opAddress === 0;
    (1 - isPriority) * opPubAx === 0;
    (1 - isPriority) * opPubAy === 0;
    // A FORCED_EXIT carries no key (§5.1): the contract queues it with (0, 0), and an exit
    // that carried a key would be a second encoding of the same op.
    isForcedExit * opPubAx === 0;
    isForcedExit * opPubAy === 0;
    // A priority op never targets index 0 (§2.2: never assigned, empty forever). A DEPOSIT
    // there would create an account at 0 whose address the contract never recorded.
    signal fromIndexIsZero <== IsZero()(fromIndex);
    isPriority * fromIndexIsZero === 0;
    // A priority op never comes from address 0 (an all-zero address would let it write a
    // leaf that looks empty but is not, breaking "address 0 ⇔ empty").
    signal opAddressIsZero <== IsZero()(opAddress);
    isPriority * opAddressIsZero === 0;
    // A deposit or key registration may only touch an empty leaf or one owned by the op's
    // l1Address: nobody can deposit into, or re-key, someone else's account.
    signal emptyOrOwned <== fromAddress * (fromAddress - opAddress);
    isPriority * emptyOrOwned === 0;
    // A forced exit must come from the leaf's owner (and so the leaf exists): nobody can
    // force someone else's money out of L2.
    isForcedExit * (fromAddress - opAddress) === 0;
    // REGISTER_KEY exists to set a key: (0, 0) would "register" nothing. A DEPOSIT sets the
    // key only if it carries one; a FORCED_EXIT never changes the key.
    signal opKeyUnset <== IsKeyUnset()(opPubAx, opPubAy);
    isRegisterKey * opKeyUnset === 0;
    signal setsKey <== (isDeposit + isRegisterKey) * (1 - opKeyUnset);

    // ---- 6. From-update: the new sender / op-target leaf. ----------------------------------
    // Address: a priority op writes its l1Address (creating the account when empty; when the
    // leaf is owned, group 5 already forced fromAddress = opAddress, so nothing changes).
    signal newFromAddress <== fromAddress + isPriority * (opAddress - fromAddress);
    // Balance: −(amount + fee) for L2 slots, +amount for deposits, −balance for forced exits,
    // unchanged otherwise (group 3 zeroed amount and fee for the other types).
    signal signedAmount <== (isDeposit - isL2) * amount;
    signal drained <== isForcedExit * fromBalance;
    signal newFromBalance <== fromBalance + signedAmount - fee - drained;
    // Overdraft (balance < amount + fee) and deposit overflow both leave this range: the
    // subtraction would wrap to ≈ p, which has no 64-bit decomposition.
    signal newFromBalanceBits[AMOUNT_BITS] <== Num2Bits(AMOUNT_BITS)(newFromBalance);
    // Nonce: +1 per L2 transaction, so a signature over nonce n works exactly once. The new
    // nonce must fit its 32 bits (§2.1): a transaction at nonce 2^32 − 1 has no witness, as the
    // executor refuses it, so the circuit never writes a nonce the protocol cannot encode.
    signal newFromNonce <== fromNonce + isL2;
    signal newFromNonceBits[NONCE_BITS] <== Num2Bits(NONCE_BITS)(newFromNonce);
    // Key: the op's key when the op carries one (the L1 owner's trustless key path).
    signal newFromPubAx <== fromPubAx + setsKey * (opPubAx - fromPubAx);
    signal newFromPubAy <== fromPubAy + setsKey * (opPubAy - fromPubAy);

    signal oldFromLeaf <== AccountLeaf()(fromAddress, fromBalance, fromNonce, fromPubAx, fromPubAy);
    signal newFromLeaf <== AccountLeaf()(newFromAddress, newFromBalance, newFromNonce, newFromPubAx, newFromPubAy);
    signal midStateRoot <== MerkleUpdate(depth)(stateRoot, oldFromLeaf, newFromLeaf, fromBits, fromSiblings);

    // ---- 7. To-update: the recipient leaf (unchanged unless TRANSFER). ---------------------
    // It is read under the root *after* the from-update, so a self-transfer sees its own debit.
    // A transfer must not create an account (an address-0 leaf with a balance would break
    // "address 0 ⇔ empty" and strand the money where no L1 owner can claim it).
    signal toIsEmpty <== IsZero()(toAddress);
    isTransfer * toIsEmpty === 0;
    signal credit <== isTransfer * amount;
    signal newToBalance <== toBalance + credit;
    // No wrap-around of the recipient balance (§4.4 rule 7).
    signal newToBalanceBits[AMOUNT_BITS] <== Num2Bits(AMOUNT_BITS)(newToBalance);

    signal oldToLeaf <== AccountLeaf()(toAddress, toBalance, toNonce, toPubAx, toPubAy);
    signal newToLeaf <== AccountLeaf()(toAddress, newToBalance, toNonce, toPubAx, toPubAy);
    newStateRoot <== MerkleUpdate(depth)(midStateRoot, oldToLeaf, newToLeaf, toBits, toSiblings);

    // ---- 8. Exit leaf (§6.2). -------------------------------------------------------------
    // Poseidon(owner, amount) for WITHDRAW (the signed amount) and FORCED_EXIT (the whole
    // balance, exactly what the from-update drained), 0 otherwise: the exit tree pays on L1
    // exactly what left L2, to the leaf's owner, and nothing else.
    signal withdrawn <== isWithdraw * amount;
    signal exitHash <== Poseidon(2)([fromAddress, withdrawn + drained]);
    exitLeaf <== (isWithdraw + isForcedExit) * exitHash;
}
