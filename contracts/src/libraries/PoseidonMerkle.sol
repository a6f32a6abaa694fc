// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {ACCOUNT_TREE_DEPTH, EXIT_TREE_DEPTH} from "../Constants.sol";

/// @notice Roots of Lantern's Poseidon Merkle trees from a leaf and its path (docs/PROTOCOL.md §2.2):
/// bit k of the index says whether the node at height k is a right child; siblings are leaf-side first.
/// @dev Callers bound `index` to the tree's width first: bits above the depth are ignored here, so an
/// unbounded index would alias a smaller one (and could, for example, claim the same leaf twice).
library PoseidonMerkle {
    function accountRoot(uint256 leaf, uint256 index, uint256[ACCOUNT_TREE_DEPTH] calldata siblings)
        internal
        pure
        returns (uint256 node)
    {
        node = leaf;
        for (uint256 k; k < ACCOUNT_TREE_DEPTH; ++k) {
            node = _parent(node, siblings[k], (index >> k) & 1);
        }
    }

    function exitRoot(uint256 leaf, uint256 index, uint256[EXIT_TREE_DEPTH] calldata siblings)
        internal
        pure
        returns (uint256 node)
    {
        node = leaf;
        for (uint256 k; k < EXIT_TREE_DEPTH; ++k) {
            node = _parent(node, siblings[k], (index >> k) & 1);
        }
    }

    function _parent(uint256 node, uint256 sibling, uint256 isRight) private pure returns (uint256) {
        return isRight == 1 ? PoseidonT3.hash([sibling, node]) : PoseidonT3.hash([node, sibling]);
    }
}
