pragma circom 2.1.0;

// One-hot decoding of a slot's transaction type (PROTOCOL.md §4.1).
//
// flag[k] = 1 exactly when txType = k, for k in 0..5. The flags are computed with `<--` (a
// witness hint, no constraint), so the three constraint groups below are what make them
// trustworthy:
//   - each flag is boolean, so a prover cannot use a fractional or negative "half type";
//   - the flags sum to 1, so exactly one type is active (no slot that is both a TRANSFER and a
//     DEPOSIT, which would let a deposit credit skip the priority chain);
//   - Σ k·flag[k] = txType, so the active flag is the one the packed transaction (and hence the
//     data commitment and the signature) actually carries, and a type outside 0..5 has no
//     satisfying assignment at all.
template TxTypeFlags() {
    signal input txType;
    signal output flag[6];

    var count = 0;
    var weighted = 0;
    for (var k = 0; k < 6; k++) {
        flag[k] <-- txType == k ? 1 : 0;
        flag[k] * (flag[k] - 1) === 0;
        count += flag[k];
        weighted += k * flag[k];
    }
    count === 1;
    weighted === txType;
}
