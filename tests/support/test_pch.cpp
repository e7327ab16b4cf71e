// The target that builds tests/support/test_pch.h's precompiled header, for
// the test binaries to reuse (tests/CMakeLists.txt). It does nothing.
int main() { return 0; }
