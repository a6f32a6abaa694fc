pragma circom 2.1.0;

// TxTypeFlags alone, so a test can mutate its `<--` flags and see that its own constraints,
// and nothing downstream, reject them.
include "../lib/typeflags.circom";

// txType public: as a private input O2 would substitute it away (nothing else uses it here).
component main {public [txType]} = TxTypeFlags();
