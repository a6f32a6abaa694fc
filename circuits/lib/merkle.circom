pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";

// A Poseidon Merkle path step: hash `node` with `sibling`, `node` being the right child when
// `bit` = 1 (PROTOCOL.md §2.2). One multiplication places both children:
//   swap = bit·(sibling − node),  left = node + swap,  right = sibling − swap.
// `bit` must be boolean; callers take it from Num2Bits, which constrains it.
template MerkleStep() {
    signal input node;
    signal input sibling;
    signal input bit;
    signal output parent;

    signal swap <== bit * (sibling - node);
    parent <== Poseidon(2)([node + swap, sibling - swap]);
}

// Replace one leaf of a Poseidon sparse Merkle tree.
//
// Proves that `oldLeaf` sits at the position given by `pathBits` under `oldRoot`, and outputs
// the root obtained by writing `newLeaf` at the same position with the same siblings.
// Using one set of path bits and siblings for both walks is what stops a prover from "reading"
// one leaf and "writing" another (or writing into a made-up tree): the only freedom left is the
// leaf value itself, which the caller constrains.
template MerkleUpdate(depth) {
    signal input oldRoot;
    signal input oldLeaf;
    signal input newLeaf;
    signal input pathBits[depth];
    signal input siblings[depth];
    signal output newRoot;

    signal oldNode[depth + 1];
    signal newNode[depth + 1];
    oldNode[0] <== oldLeaf;
    newNode[0] <== newLeaf;
    for (var k = 0; k < depth; k++) {
        oldNode[k + 1] <== MerkleStep()(oldNode[k], siblings[k], pathBits[k]);
        newNode[k + 1] <== MerkleStep()(newNode[k], siblings[k], pathBits[k]);
    }
    // The read: the old leaf really is in the current state.
    oldNode[depth] === oldRoot;
    newRoot <== newNode[depth];
}

// Root of a complete binary Poseidon tree over 2^depth leaves given in position order
// (leaf j at position j, bit k of j = "right child at height k"). Used for the exit tree.
template MerkleRootOf(depth) {
    var n = 1 << depth;
    signal input leaves[n];
    signal output root;

    signal level[2 * n - 1];
    for (var j = 0; j < n; j++) {
        level[j] <== leaves[j];
    }
    // Nodes are stored level by level, leaves first: level[0..n) are the leaves, the next n/2
    // entries their parents, and so on up to the root in the last entry.
    var readAt = 0;
    var writeAt = n;
    for (var width = n; width > 1; width >>= 1) {
        for (var j = 0; j < width / 2; j++) {
            level[writeAt + j] <== Poseidon(2)([level[readAt + 2 * j], level[readAt + 2 * j + 1]]);
        }
        readAt += width;
        writeAt += width / 2;
    }
    root <== level[2 * n - 2];
}
