pragma circom 2.1.0;

// circomlib's verifier alone, to show why the batch circuit never feeds a disabled verifier
// the leaf's key (see BatchSlot group 4).
include "circomlib/circuits/eddsaposeidon.circom";

component main = EdDSAPoseidonVerifier();
