// In the test guest, stop_the_world=auto picks the ptrace backend where Yama
// lets a process's child trace it (ptrace_scope 0 and 1, and 2 with
// CAP_SYS_PTRACE), when the kernel module is not loaded.
// REQUIRES: leaksan-vm, !leaksan-kmod
// REQUIRES: yama-ptrace-scope-0 || yama-ptrace-scope-1 || (yama-ptrace-scope-2 && !vm-caps-noptrace)
// RUN: %clang %S/Inputs/auto_picks.c -o %t
// RUN: { %env_lsan_opts=stop_the_world=auto:verbosity=1 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// CHECK: leaked
// CHECK: leaksan: stop_the_world: ptrace backend (auto
// CHECK: Direct leak of 33 byte(s) in 1 object(s) allocated from:
// CHECK: SUMMARY: {{.*}}33 byte(s) leaked in 1 allocation(s).
// CHECK: exit=23
