/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* The calls of /dev/leaksan-stw, shared by the leaksan_stw module and the
 * leaksan runtime (platform/stw_kernel.c): a whole-thread-group stop as one
 * ioctl. Fixed-size types only; bump LEAKSAN_STW_ABI_VERSION on any change. */
#ifndef LEAKSAN_STW_UAPI_H
#define LEAKSAN_STW_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define LEAKSAN_STW_ABI_VERSION 1
#define LEAKSAN_STW_DEVICE "/dev/leaksan-stw"

/* What the module offers: the runtime refuses another ABI version. */
struct leaksan_stw_info {
	__u32 abi_version;  /* LEAKSAN_STW_ABI_VERSION */
	__u32 record_size;  /* bytes per struct leaksan_stw_record in the stop buffer, a multiple of 64 */
	__u32 xsave_size;   /* bytes of the XSAVE image at LEAKSAN_STW_XSAVE_OFFSET */
	__u32 reserved;
};

/* A thread's user general registers, in the order of <sys/user.h>'s
 * struct user_regs_struct (what PTRACE_GETREGSET NT_PRSTATUS returns). For a
 * thread stopped in a system call, rax is the call's result so far (e.g.
 * -ERESTARTSYS) and rip follows the syscall instruction: the call is
 * restarted after the resume. */
struct leaksan_stw_regs {
	__u64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	__u64 rax, rcx, rdx, rsi, rdi, orig_rax, rip, cs, eflags, rsp, ss;
	__u64 fs_base, gs_base, ds, es, fs, gs;
};

enum leaksan_stw_status {
	LEAKSAN_STW_STOPPED = 0,  /* registers and XSAVE image valid */
	LEAKSAN_STW_EXITING = 1,  /* past its user code in exit: not stopped, no registers */
};

/* One thread in the stop buffer; records are info.record_size bytes apart. */
struct leaksan_stw_record {
	__s32 tid;
	__u32 status;       /* enum leaksan_stw_status */
	__u32 xsave_size;   /* valid bytes at LEAKSAN_STW_XSAVE_OFFSET (0: none) */
	__u32 reserved;
	struct leaksan_stw_regs regs;
	/* then, at LEAKSAN_STW_XSAVE_OFFSET from the record's start, the
	 * thread's user FPU/vector state as the XSAVE instruction writes it in
	 * the standard (non-compacted) format for every user feature of XCR0,
	 * the layout of PTRACE_GETREGSET NT_X86_XSTATE; on a CPU without XSAVE,
	 * the 512-byte FXSAVE image. Supervisor state is never included. */
};
#define LEAKSAN_STW_XSAVE_OFFSET 256

struct leaksan_stw_stop {
	__u64 buffer;       /* in: user address of capacity records */
	__u32 capacity;     /* in: records that fit in buffer */
	__u32 count;        /* out: records written; with E2BIG: records needed */
	__u64 timeout_ns;   /* in: deadline for stopping, 1 ns .. 1 hour */
	__u64 hold_ns;      /* in: longest the threads stay stopped before they
			       resume by themselves, 1 ns .. 1 day */
	__s32 failed_tid;   /* out: with ETIMEDOUT, a thread that did not stop */
	__u32 reserved;
	__u64 stop_ns;      /* out: how long stopping took */
};

/* 0xB7 is not listed in Documentation/userspace-api/ioctl/ioctl-number.rst. */
#define LEAKSAN_STW_IOC_MAGIC 0xB7
/* Fills struct leaksan_stw_info. */
#define LEAKSAN_STW_IOC_INFO _IOR(LEAKSAN_STW_IOC_MAGIC, 0, struct leaksan_stw_info)
/* Stops every other thread of the caller's thread group and writes one record
 * per thread. 0, or -1 with errno: EBUSY (a stop of this group is on),
 * ETIMEDOUT (failed_tid did not stop in time), E2BIG (count says how many
 * records are needed), EINTR (the caller got a fatal signal), EFAULT, EINVAL,
 * ENOMEM. On any error every thread runs again. */
#define LEAKSAN_STW_IOC_STOP _IOWR(LEAKSAN_STW_IOC_MAGIC, 1, struct leaksan_stw_stop)
/* Resumes the caller's group. 0, or -1 with errno EINVAL: no stop is on (it
 * ended: hold_ns passed, or it was resumed already). */
#define LEAKSAN_STW_IOC_RESUME _IO(LEAKSAN_STW_IOC_MAGIC, 2)

#endif
