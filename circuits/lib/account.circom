pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/comparators.circom";

// leaf(account) = Poseidon(address, balance, nonce, pubAx, pubAy)   (PROTOCOL.md §2.1)
template AccountLeaf() {
    signal input address;
    signal input balance;
    signal input nonce;
    signal input pubAx;
    signal input pubAy;
    signal output out;

    out <== Poseidon(5)([address, balance, nonce, pubAx, pubAy]);
}

// 1 when the BabyJubJub key (x, y) is the "no key" marker (0, 0), else 0.
template IsKeyUnset() {
    signal input x;
    signal input y;
    signal output out;

    signal xIsZero <== IsZero()(x);
    signal yIsZero <== IsZero()(y);
    out <== xIsZero * yIsZero;
}
