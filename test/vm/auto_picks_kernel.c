// In the test guest with the kernel module loaded, stop_the_world=auto picks
// the kernel backend, at any Yama ptrace_scope.
// REQUIRES: leaksan-vm, leaksan-kmod
// RUN: %clang %S/Inputs/auto_picks.c -o %t
// RUN: { %env_lsan_opts=stop_the_world=auto:verbosity=1 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// CHECK: leaked
// CHECK: leaksan: stop_the_world: kernel backend (auto)
// CHECK: Direct leak of 33 byte(s) in 1 object(s) allocated from:
// CHECK: SUMMARY: {{.*}}33 byte(s) leaked in 1 allocation(s).
// CHECK: exit=23
