package net

// SumdbKeyForTest lets the whole-doctor tests (package net_test, which can
// import the registry) name a checksum database like the other tests.
var SumdbKeyForTest = testSumdbKey
